import { mockServices } from '@backstage/backend-test-utils';
import { CachedPod, ClusterCache, ClusterSnapshot } from '../ClusterCache';
import { PodProxyRequest } from '../types';
import { createReadinessService } from './createReadinessService';

function pod(name: string, ready: boolean): CachedPod {
  return {
    name,
    namespace: 'ai-agents',
    labels: { 'backstage.io/kubernetes-id': 'billing-agent' },
    phase: 'Running',
    ready,
    restarts: 0,
    conditions: [],
    readyz: { port: 8000, path: '/readyz' },
  };
}

describe('createReadinessService', () => {
  it('polls unready pods on the short interval and ready pods on the long one, and at once when Ready flips', async () => {
    const pods = [pod('ready-pod', true), pod('unready-pod', false)];
    const snapshot = (): ClusterSnapshot => ({
      cluster: 'eu',
      pods,
      deployments: [],
      hpas: [],
      scaledObjects: [],
      events: [],
    });
    const cache = { snapshots: () => [snapshot()] } as unknown as ClusterCache;
    const calls: string[] = [];
    const proxy = {
      async get(r: PodProxyRequest) {
        calls.push(r.pod);
        return {
          status: 200,
          body: '{"status":"ready","checks":{"llm_api":"ok"},"load":"1/8"}',
        };
      },
    };
    const readiness = createReadinessService({
      cache,
      proxy,
      logger: mockServices.logger.mock(),
      settings: {
        intervalSeconds: 0.05,
        readyIntervalSeconds: 3600,
        timeoutMs: 1000,
        maxBytes: 65536,
        concurrency: 2,
      },
      scanMs: 10,
    });
    readiness.start();
    try {
      const count = (name: string) => calls.filter(c => c === name).length;
      for (let i = 0; i < 200 && count('unready-pod') < 4; i++)
        await new Promise(r => setTimeout(r, 10));
      expect(count('unready-pod')).toBeGreaterThanOrEqual(4);
      expect(count('ready-pod')).toBe(1);
      expect(readiness.get('eu', 'ai-agents', 'ready-pod')?.checks).toEqual([
        { name: 'llm_api', ok: true },
      ]);

      pods[0] = { ...pods[0], ready: false };
      for (let i = 0; i < 200 && count('ready-pod') < 2; i++)
        await new Promise(r => setTimeout(r, 10));
      expect(count('ready-pod')).toBeGreaterThanOrEqual(2);
    } finally {
      await readiness.stop();
    }
  });

  const run = async (
    proxy: {
      get(r: PodProxyRequest): Promise<{ status: number; body: string }>;
    },
    ms: number,
  ) => {
    const cache = {
      snapshots: (): ClusterSnapshot[] => [
        {
          cluster: 'eu',
          pods: [pod('hanging-pod', false)],
          deployments: [],
          hpas: [],
          scaledObjects: [],
          events: [],
        },
      ],
    } as unknown as ClusterCache;
    const readiness = createReadinessService({
      cache,
      proxy,
      logger: mockServices.logger.mock(),
      settings: {
        intervalSeconds: 0.05,
        readyIntervalSeconds: 3600,
        timeoutMs: 20,
        maxBytes: 65536,
        concurrency: 2,
      },
      scanMs: 5,
    });
    readiness.start();
    await new Promise(r => setTimeout(r, ms));
    await readiness.stop();
    return readiness.get('eu', 'ai-agents', 'hanging-pod');
  };

  it('backs off a pod whose /readyz keeps timing out', async () => {
    const starts: number[] = [];
    await run(
      {
        async get() {
          starts.push(Date.now());
          await new Promise(r => setTimeout(r, 20));
          throw new Error('no answer within 20 ms');
        },
      },
      1700,
    );
    // without back-off a fetch every ~70 ms (about 24); with it waits of 50, 100, 200, 400, 800 ms
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
