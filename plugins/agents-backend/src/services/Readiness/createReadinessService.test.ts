import { mockServices } from '@backstage/backend-test-utils';
import { agent } from '../../__testUtils__/entities';
import { CachedPod, ClusterCache, ClusterSnapshot } from '../ClusterCache';
import { budgetPodProxy, createRequestBudget } from '../RequestBudget';
import { PodProxy, PodProxyRequest } from '../types';
import { createReadinessService } from './createReadinessService';
import { ReadinessSettings } from './types';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const OK = '{"status":"ready","checks":{"llm_api":"ok"},"load":"1/8"}';

function pod(name: string, ready: boolean, id = 'billing-agent'): CachedPod {
  return {
    name,
    namespace: 'ai-agents',
    labels: { 'backstage.io/kubernetes-id': id },
    phase: 'Running',
    ready,
    restarts: 0,
    conditions: [],
    readyz: { port: 8000, path: '/readyz' },
  };
}

/** A cache of one cluster whose pods a test changes as it goes. */
function cacheOf(pods: CachedPod[]): ClusterCache {
  const snapshot = (): ClusterSnapshot => ({
    cluster: 'eu',
    pods,
    deployments: [],
    hpas: [],
    scaledObjects: [],
    events: [],
  });
  return { snapshots: () => [snapshot()] } as unknown as ClusterCache;
}

function recorder(
  answer: (r: PodProxyRequest) => Promise<{ status: number; body: string }>,
) {
  const calls: string[] = [];
  const proxy: PodProxy = {
    get(r) {
      calls.push(r.pod);
      return answer(r);
    },
  };
  return {
    calls,
    proxy,
    count: (name: string) => calls.filter(c => c === name).length,
  };
}

const settings = (
  over: Partial<ReadinessSettings> = {},
): ReadinessSettings => ({
  intervalSeconds: 0.05,
  readyIntervalSeconds: 0.05,
  timeoutMs: 1000,
  maxBytes: 65536,
  concurrency: 2,
  ...over,
});

async function until(what: () => boolean, ms = 2000) {
  for (const end = Date.now() + ms; !what() && Date.now() < end; )
    await sleep(10);
  return what();
}

describe('createReadinessService', () => {
  it('fetches a ready pod only while its agent is viewed; unready pods every interval and at once when they turn unready; forgets a breakdown made stale by a recovery nobody watches', async () => {
    const pods = [pod('ready-pod', true), pod('unready-pod', false)];
    const r = recorder(async () => ({ status: 200, body: OK }));
    const viewed = new Set<string>();
    const readiness = createReadinessService({
      cache: cacheOf(pods),
      proxy: r.proxy,
      logger: mockServices.logger.mock(),
      settings: settings(),
      viewed: { has: ref => viewed.has(ref) },
      scanMs: 10,
    });
    readiness.setAgents([agent('billing-agent')]);
    readiness.start();
    try {
      expect(await until(() => r.count('unready-pod') >= 4)).toBe(true);
      // 20 ready intervals have passed: a ready pod of an agent no one looks at is left alone
      expect(r.count('ready-pod')).toBe(0);
      expect(readiness.get('eu', 'ai-agents', 'ready-pod')).toBeUndefined();

      viewed.add('agent:default/billing-agent');
      expect(await until(() => r.count('ready-pod') >= 3)).toBe(true);
      expect(readiness.get('eu', 'ai-agents', 'ready-pod')).toMatchObject({
        checks: [{ name: 'llm_api', ok: true }],
        fetchedAt: expect.any(String),
      });
      viewed.clear();
      await sleep(100);
      const afterViews = r.count('ready-pod');
      await sleep(300);
      expect(r.count('ready-pod')).toBe(afterViews);

      pods[0] = { ...pods[0], ready: false };
      expect(await until(() => r.count('ready-pod') > afterViews, 200)).toBe(
        true,
      );

      // the unready pod recovers while nobody looks: its failing breakdown must not stay beside "ready"
      expect(readiness.get('eu', 'ai-agents', 'unready-pod')).toBeDefined();
      const unreadyCalls = r.count('unready-pod');
      pods[1] = { ...pods[1], ready: true };
      expect(
        await until(
          () => readiness.get('eu', 'ai-agents', 'unready-pod') === undefined,
        ),
      ).toBe(true);
      await sleep(100);
      expect(r.count('unready-pod')).toBe(unreadyCalls);
    } finally {
      await readiness.stop();
    }
  });

  it('leaves alone pods no catalog Agent selects, and waits for the list of Agents', async () => {
    const pods = [
      pod('component-pod', false, 'billing-agent'),
      pod('agent-pod', false, 'summarizer-agent'),
    ];
    const r = recorder(async () => ({ status: 200, body: OK }));
    let agents: Promise<ReturnType<typeof agent>[]> = new Promise(() => {});
    const readiness = createReadinessService({
      cache: cacheOf(pods),
      proxy: r.proxy,
      logger: mockServices.logger.mock(),
      settings: settings(),
      listAgents: () => agents,
      scanMs: 10,
      agentsRefreshMs: 20,
    });
    readiness.start();
    try {
      await sleep(100);
      expect(r.calls).toEqual([]);
      agents = Promise.resolve([agent('summarizer-agent')]);
      expect(await until(() => r.count('agent-pod') >= 3)).toBe(true);
      expect(r.count('component-pod')).toBe(0);
      expect(readiness.get('eu', 'ai-agents', 'component-pod')).toBeUndefined();
    } finally {
      await readiness.stop();
    }
  });

  it('goes on from the fetches another replica made: none again until each is due', async () => {
    const pods = [pod('ready-pod', true), pod('unready-pod', false)];
    const r = recorder(async () => ({ status: 200, body: OK }));
    const readiness = createReadinessService({
      cache: cacheOf(pods),
      proxy: r.proxy,
      logger: mockServices.logger.mock(),
      settings: settings({ intervalSeconds: 1 }),
      scanMs: 10,
    });
    readiness.setAgents([agent('billing-agent')]);
    const fetched = (ready: boolean) => ({
      readiness: { fetchedAt: new Date().toISOString(), checks: [] },
      podReady: ready,
      fetchedAtMs: Date.now(),
      failures: 0,
    });
    const records = [
      {
        cluster: 'eu',
        namespace: 'ai-agents',
        pod: 'ready-pod',
        ...fetched(true),
      },
      {
        cluster: 'eu',
        namespace: 'ai-agents',
        pod: 'unready-pod',
        ...fetched(false),
      },
    ];
    readiness.resume(records);
    readiness.start();
    try {
      expect(readiness.record('eu', 'ai-agents', 'unready-pod')).toEqual(
        expect.objectContaining({ podReady: false, failures: 0 }),
      );
      await sleep(150);
      expect(r.calls).toEqual([]);
      // the unready pod when its interval is up; the ready pod not at all
      expect(await until(() => r.count('unready-pod') === 1)).toBe(true);
      expect(r.count('ready-pod')).toBe(0);
      expect(readiness.record('eu', 'ai-agents', 'unready-pod')).toMatchObject({
        podReady: false,
        readiness: { checks: [{ name: 'llm_api', ok: true }] },
      });
    } finally {
      await readiness.stop();
    }
  });

  it('takes a deleted pod out of the queue at once', async () => {
    const pods = [
      pod('busy-0', false),
      pod('busy-1', false),
      pod('deleted', false, 'summarizer-agent'),
    ];
    const budget = createRequestBudget({ qps: 2, burst: 1 });
    const r = recorder(async () => ({ status: 200, body: OK }));
    const readiness = createReadinessService({
      cache: cacheOf(pods),
      proxy: budgetPodProxy(budget, r.proxy),
      logger: mockServices.logger.mock(),
      settings: settings({ intervalSeconds: 3600 }),
      scanMs: 10,
    });
    readiness.setAgents([agent('billing-agent'), agent('summarizer-agent')]);
    readiness.start();
    try {
      expect(await until(() => budget.waiting() === 2)).toBe(true);
      pods.splice(2, 1);
      expect(await until(() => budget.waiting() === 1, 100)).toBe(true);
      await until(() => r.calls.length === 2, 1500);
      await sleep(100);
      expect(r.calls.sort()).toEqual(['busy-0', 'busy-1']);
    } finally {
      await readiness.stop();
      budget.stop();
    }
  });

  it('tells when an unready pod is behind its target: due for longer than its interval', async () => {
    let answer: () => void = () => {};
    const readiness = createReadinessService({
      cache: cacheOf([pod('slow-pod', false), pod('ready-pod', true)]),
      proxy: {
        get: r =>
          r.pod === 'ready-pod'
            ? Promise.resolve({ status: 200, body: OK })
            : new Promise(resolve => {
                answer = () => resolve({ status: 200, body: OK });
              }),
      },
      logger: mockServices.logger.mock(),
      settings: settings({ intervalSeconds: 0.2, readyIntervalSeconds: 0.01 }),
      scanMs: 10,
    });
    readiness.setAgents([agent('billing-agent')]);
    readiness.start();
    try {
      await sleep(100);
      expect(readiness.behind('eu', 'ai-agents', 'slow-pod')).toBe(false);
      expect(
        await until(() => readiness.behind('eu', 'ai-agents', 'slow-pod'), 500),
      ).toBe(true);
      // a ready pod of an agent no one views has no target to fall behind
      expect(readiness.behind('eu', 'ai-agents', 'ready-pod')).toBe(false);
      answer();
      expect(
        await until(
          () => !readiness.behind('eu', 'ai-agents', 'slow-pod'),
          100,
        ),
      ).toBe(true);
    } finally {
      answer();
      await readiness.stop();
    }
  });

  const run = async (proxy: PodProxy, ms: number) => {
    const readiness = createReadinessService({
      cache: cacheOf([pod('hanging-pod', false)]),
      proxy,
      logger: mockServices.logger.mock(),
      settings: settings({ timeoutMs: 20 }),
      scanMs: 5,
    });
    readiness.setAgents([agent('billing-agent')]);
    readiness.start();
    await sleep(ms);
    await readiness.stop();
    return readiness.get('eu', 'ai-agents', 'hanging-pod');
  };

  it.each([
    [
      'keeps timing out',
      async () => {
        await sleep(20);
        throw new Error('no answer within 20 ms');
      },
    ],
    [
      'is forbidden',
      async () => ({
        status: 403,
        body: '{"kind":"Status","code":403,"reason":"Forbidden","message":"pods \\"hanging-pod\\" is forbidden"}',
      }),
    ],
  ])('backs off a pod whose /readyz %s', async (_, answer) => {
    const starts: number[] = [];
    await run(
      {
        get() {
          starts.push(Date.now());
          return answer();
        },
      },
      1700,
    );
    // without back-off a fetch every ~50-70 ms (about 30); with it waits of 50, 100, 200, 400, 800 ms
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(starts.length).toBeLessThanOrEqual(8);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(350);
  });

  it('masks credentials in the error of a failed fetch', async () => {
    const r = await run(
      {
        async get() {
          throw new Error(
            'socket hang up from https://admin:hunter2@10.0.0.1/readyz?token=t0k3n\u0000',
          );
        },
      },
      100,
    );
    expect(r?.error).toBe(
      'socket hang up from https://***@10.0.0.1/readyz?token=***',
    );
  });
});
