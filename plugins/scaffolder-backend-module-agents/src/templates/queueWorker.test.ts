import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@agentdeck/test-utils';
import {
  AgentProcess,
  FakeLlmState,
  metricValue,
  portOf,
  startAgent,
  startFakeLlm,
  waitFor,
} from '../__testUtils__/agentProcess';
import { redis, RedisServer, startRedis } from '../__testUtils__/redisServer';
import { fetchSkeleton, sampleValues } from '../__testUtils__/templates';

const QUEUE = 'invoices';
const SUCCEEDED = 'agent_tasks_total{status="success"}';

describe('the generated queue worker (agent-queue-worker skeleton, real uvicorn and redis-server)', () => {
  const llmState: FakeLlmState = { delayMs: 0, received: [], answered: [] };
  let dir: string;
  let llm: Server;
  let redisPort: number;
  let store: RedisServer;
  let agent: AgentProcess;

  const push = (input: string) =>
    redis(redisPort, 'RPUSH', QUEUE, JSON.stringify({ input }));
  const succeeded = async () =>
    metricValue(await (await fetch(`${agent.base}/metrics`)).text(), SUCCEEDED);
  const readyz = async () => {
    const res = await fetch(`${agent.base}/readyz`);
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdeck-worker-'));
    await fetchSkeleton(
      'agent-queue-worker',
      sampleValues({
        agentType: 'worker',
        workload: 'redis-worker',
        scalingMode: 'keda',
        checks: ['llm_api', 'queue'],
      }),
      dir,
    );
    llm = await startFakeLlm(llmState);
    redisPort = await freePort();
    store = await startRedis(redisPort);
    const queueUrl = `redis://127.0.0.1:${redisPort}/0`;
    // The same variables the rendered ConfigMap sets (QUEUE_URL from dependencies.queue).
    agent = await startAgent(dir, {
      AGENT_NAME: 'test-agent',
      AGENT_CHECKS: 'llm_api,queue',
      AGENT_MAX_CONCURRENCY: '4',
      AGENT_LONGEST_TASK_SECONDS: '30',
      LLM_BASE_URL: `http://127.0.0.1:${portOf(llm)}/v1`,
      LLM_MODEL: 'gpt-4o-mini',
      LLM_API_KEY: 'test-key',
      QUEUE_KIND: 'redis',
      QUEUE_ADDRESS: queueUrl,
      QUEUE_NAME: QUEUE,
      QUEUE_URL: queueUrl,
    });
  }, 40_000);

  afterAll(async () => {
    if (agent && agent.child.exitCode === null) agent.child.kill('SIGKILL');
    if (store) await store.stop();
    if (llm) await new Promise(r => llm.close(r));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers /readyz with the llm_api and queue checks and the load', async () => {
    expect(await readyz()).toEqual({
      status: 200,
      body: {
        status: 'ok',
        checks: { llm_api: 'ok', queue: 'ok' },
        load: '0/4',
      },
    });
  });

  it('takes a task pushed to the Redis list, runs it through the LLM and counts it', async () => {
    const before = await succeeded();
    await push('reconcile invoice 7');
    await waitFor(
      'the task to be counted',
      async () => (await succeeded()) === before + 1,
    );
    expect(llmState.answered).toEqual(['reconcile invoice 7']);
    expect(await redis(redisPort, 'LLEN', QUEUE)).toBe('0');
  });

  it('turns /readyz 503 naming the queue check while Redis is down, and keeps consuming once it is back', async () => {
    await store.stop();
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks.llm_api).toBe('ok');
    expect(down.body.checks.queue).toMatch(/^error: connection refused/);

    store = await startRedis(redisPort);
    expect((await readyz()).status).toBe(200);
    const before = await succeeded();
    await push('after the outage');
    await waitFor(
      'the consumer to pick up work again',
      async () => (await succeeded()) === before + 1,
      20_000,
    );
    expect(llmState.answered).toContain('after the outage');
  }, 40_000);

  it('on SIGTERM finishes the task in flight, leaves queued tasks in Redis and exits', async () => {
    llmState.delayMs = 1500;
    await push('slow invoice');
    await waitFor('the task to reach the LLM', () =>
      llmState.received.includes('slow invoice'),
    );
    const exited = once(agent.child, 'exit');
    agent.child.kill('SIGTERM');
    await waitFor(
      'draining',
      async () => (await readyz()).body.status === 'draining',
    );
    expect((await readyz()).status).toBe(503);
    await push('queued while draining');

    await exited;
    expect(agent.child.exitCode === 0 || agent.child.signalCode !== null).toBe(
      true,
    );
    // It left only after the in-flight task's answer came back, and nothing failed or was cut.
    expect(llmState.answered).toContain('slow invoice');
    expect(agent.output()).not.toMatch(
      /task failed|grace period over|Traceback/,
    );
    // The in-flight task is not put back; the one queued during the drain waits for the next pod.
    expect(await redis(redisPort, 'LRANGE', QUEUE, '0', '-1')).toBe(
      JSON.stringify({ input: 'queued while draining' }),
    );
    expect(llmState.received).not.toContain('queued while draining');
  }, 40_000);
});
