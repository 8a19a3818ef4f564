import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { Server } from 'node:http';
import { createServer as createTcpServer, Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AgentProcess,
  portOf,
  startAgent,
  startFakeLlm,
} from '../__testUtils__/agentProcess';
import { fetchSkeleton, sampleValues } from '../__testUtils__/templates';

/** A TCP listener that stands in for a database: the check only connects. */
function listenTcp(p = 0): Promise<TcpServer> {
  const server = createTcpServer(socket => socket.end());
  return new Promise(r => server.listen(p, '127.0.0.1', () => r(server)));
}

describe('the generated agent server (agent-http-api skeleton, real uvicorn)', () => {
  const llmState = {
    delayMs: 0,
    received: [] as string[],
    answered: [] as string[],
  };
  let dir: string;
  let llm: Server;
  let db: TcpServer;
  let dbPort: number;
  let running: AgentProcess;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdeck-agent-'));
    await fetchSkeleton('agent-http-api', sampleValues(), dir);
    llm = await startFakeLlm(llmState);
    db = await listenTcp();
    dbPort = portOf(db);
    running = await startAgent(dir, {
      AGENT_NAME: 'test-agent',
      AGENT_CHECKS: 'llm_api,database',
      AGENT_MAX_CONCURRENCY: '4',
      AGENT_LONGEST_TASK_SECONDS: '30',
      LLM_BASE_URL: `http://127.0.0.1:${portOf(llm)}/v1`,
      LLM_MODEL: 'gpt-4o-mini',
      LLM_API_KEY: 'test-key',
      DATABASE_URL: `postgresql://127.0.0.1:${dbPort}/agent`,
    });
    base = running.base;
  }, 30_000);

  afterAll(async () => {
    if (running && running.child.exitCode === null)
      running.child.kill('SIGKILL');
    if (llm) await new Promise(r => llm.close(r));
    if (db?.listening) await new Promise(r => db.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('answers /readyz with every check and the load', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: { llm_api: 'ok', database: 'ok' },
      load: '0/4',
    });
  });

  it('turns /readyz 503 naming the failing check while the database is down, then 200 again', async () => {
    await new Promise(r => db.close(r));
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body.checks.llm_api).toBe('ok');
    expect(body.checks.database).toMatch(/^error: connection refused/);
    db = await listenTcp(dbPort);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('runs a task and exposes the metric names on /metrics', async () => {
    const run = await fetch(`${base}/agent/run`, {
      method: 'POST',
      body: JSON.stringify({ input: 'hi' }),
    });
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ output: 'done' });
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const name of [
      'agent_active_requests',
      'agent_request_queue_depth',
      'agent_request_duration_seconds_bucket',
      'agent_tasks_total{status="success"}',
      'llm_requests_total{model="gpt-4o-mini",status="200"}',
      'gen_ai_client_inference_usage_input_tokens_total{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",gen_ai_response_model="gpt-4o-mini-2024-07-18",gen_ai_token_modality="unknown"} 12.0',
      'llm_cost_dollars_total{model="gpt-4o-mini"}',
      'agent_readiness_check{check="database"}',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('on SIGTERM finishes the in-flight task, refuses new work with 503 and exits', async () => {
    llmState.delayMs = 1500;
    const slow = fetch(`${base}/agent/run`, {
      method: 'POST',
      body: JSON.stringify({ input: 'slow' }),
    });
    await new Promise(r => setTimeout(r, 300));
    const agent = running.child;
    const exited = once(agent, 'exit');
    agent.kill('SIGTERM');
    await new Promise(r => setTimeout(r, 200));
    const refused = await fetch(`${base}/agent/run`, {
      method: 'POST',
      body: JSON.stringify({ input: 'new' }),
    });
    expect(refused.status).toBe(503);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).status).toBe('draining');
    const finished = await slow;
    expect(finished.status).toBe(200);
    expect(await finished.json()).toMatchObject({ output: 'done' });
    await exited;
    expect(agent.exitCode === 0 || agent.signalCode !== null).toBe(true);
  }, 20_000);
});
