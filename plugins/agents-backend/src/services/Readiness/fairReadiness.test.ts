import { readAgentsConfig } from '../../config';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import {
  createClusterCache,
  createPodProxy,
  readClusters,
} from '../ClusterCache';
import { waitFor } from '../ClusterCache/__testUtils__/waitFor';
import { kubernetesConfig } from '../../__testUtils__/startAgentsBackend';
import { PodProxy } from '../types';
import { budgetPodProxy, createRequestBudget } from '../RequestBudget';
import { agent as agentEntity } from '../../__testUtils__/entities';
import { createReadinessService } from './createReadinessService';

jest.setTimeout(60_000);

const agent = (
  name: string,
  replicas: number,
  hostile?: { readyz: 'hang' },
) => ({
  name,
  namespace: 'ai-agents',
  replicas,
  scaling: { mode: 'none' as const },
  behaviours: hostile ? { hostile } : {},
});

describe('readiness with one agent whose 120 pods hang', () => {
  let sandbox: SandboxCluster;
  let cache: ReturnType<typeof createClusterCache>;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: {
        name: 'hanging',
        agents: [
          agent('healthy-agent', 2),
          agent('hanging-agent', 120, { readyz: 'hang' }),
        ],
      },
      timeScale: 0,
    });
    sandbox.sim.advance(40);
    const config = new ConfigReader({
      kubernetes: kubernetesConfig([sandbox]),
    });
    cache = createClusterCache({
      clusters: readClusters(config),
      timing: readAgentsConfig(config).cache,
      logger: mockServices.logger.mock(),
    });
    cache.start();
    await waitFor(
      () => (cache.snapshot('sandbox-eu')?.pods.length ?? 0) >= 122 && true,
      'all pods cached',
    );
  });

  afterAll(async () => {
    await cache?.stop();
    await sandbox?.stop();
  });

  it('keeps the healthy agent fresh and the hanging one to its share of the fetches', async () => {
    const inner = createPodProxy(cache.clientOf);
    let hanging = 0;
    let peakHanging = 0;
    const calls = new Map<string, number>();
    const proxy: PodProxy = {
      async get(req) {
        calls.set(req.pod, (calls.get(req.pod) ?? 0) + 1);
        const isHanging = req.pod.startsWith('hanging-agent-');
        hanging += isHanging ? 1 : 0;
        peakHanging = Math.max(peakHanging, hanging);
        try {
          return await inner.get(req);
        } finally {
          hanging -= isHanging ? 1 : 0;
        }
      },
    };
    // a budget that never runs out: what is tested is its fairness and its in-flight caps
    const budget = createRequestBudget({ qps: 10_000, burst: 1000 });
    const readiness = createReadinessService({
      cache,
      proxy: budgetPodProxy(budget, proxy),
      // someone has both open: their ready pods are refreshed
      viewed: { has: () => true },
      logger: mockServices.logger.mock(),
      settings: {
        intervalSeconds: 0.4,
        readyIntervalSeconds: 0.4,
        timeoutMs: 250,
        maxBytes: 65536,
        concurrency: 4,
      },
      scanMs: 50,
    });
    readiness.setAgents([
      agentEntity('healthy-agent'),
      agentEntity('hanging-agent'),
    ]);
    const healthy = cache
      .snapshot('sandbox-eu')!
      .pods.filter(p => p.name.startsWith('healthy-agent-'));
    expect(healthy).toHaveLength(2);
    readiness.start();
    try {
      const fresh = () =>
        healthy.every(p => readiness.get('sandbox-eu', p.namespace, p.name));
      await waitFor(
        () => fresh(),
        'first readiness of the healthy agent',
        15_000,
      );
      let oldest = 0;
      const until = Date.now() + 4000;
      while (Date.now() < until) {
        for (const p of healthy) {
          const r = readiness.get('sandbox-eu', p.namespace, p.name);
          expect(r?.checks).toEqual([{ name: 'llm_api', ok: true }]);
          oldest = Math.max(oldest, Date.now() - Date.parse(r!.fetchedAt));
        }
        await new Promise(r => setTimeout(r, 50));
      }
      // one interval, a scan and a fetch; a FIFO queue behind 120 hanging pods takes seconds
      expect(oldest).toBeLessThan(1200);
      expect(peakHanging).toBe(2);
      const hangingPod = cache
        .snapshot('sandbox-eu')!
        .pods.find(p => p.name.startsWith('hanging-agent-'))!;
      expect(
        readiness.get('sandbox-eu', 'ai-agents', hangingPod.name)?.error,
      ).toBe('no answer within 250 ms');
    } finally {
      await readiness.stop();
      budget.stop();
    }
  });
});
