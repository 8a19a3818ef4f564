import {
  CoreV1Api,
  KubeConfig,
  makeInformer,
  type V1Pod,
} from '@kubernetes/client-node';
import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';

const until = async (cond: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise(r => setTimeout(r, 50));
  }
};

jest.setTimeout(30000);

describe('@kubernetes/client-node informers against the sandbox', () => {
  let c: SandboxCluster;
  beforeAll(async () => {
    c = await startSandboxCluster({ scenario: 'small', timeScale: 0 });
    c.sim.advance(30);
  });
  afterAll(() => c.stop());

  it('lists, follows changes, reconnects after closed watches and relists after 410', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(c.kubeconfig());
    const core = kc.makeApiClient(CoreV1Api);
    let lists = 0;
    let connects = 0;
    const added: string[] = [];
    const informer = makeInformer<V1Pod>(
      kc,
      '/api/v1/namespaces/ai-agents/pods',
      () => {
        lists++;
        return core.listNamespacedPod({ namespace: 'ai-agents' });
      },
    );
    informer.on('add', p => added.push(p.metadata?.name ?? ''));
    informer.on('connect', () => connects++);
    informer.on('error', () => undefined);
    const n = (await call(c, '/api/v1/namespaces/ai-agents/pods')).json.items
      .length;
    await informer.start();
    try {
      expect(informer.list()).toHaveLength(n);
      expect(lists).toBe(1);

      const scale = (replicas: number) =>
        call(
          c,
          '/apis/apps/v1/namespaces/ai-agents/deployments/billing-agent',
          {
            method: 'PATCH',
            body: JSON.stringify({ spec: { replicas } }),
            headers: { 'content-type': 'application/merge-patch+json' },
          },
        );
      await new Promise(r => setTimeout(r, 200));
      await scale(3);
      await until(() => informer.list().length === n + 1);

      c.faults.set({ dropWatchesAfterMs: 300 });
      const before = connects;
      await until(() => connects >= before + 2);
      await scale(4);
      await until(() => informer.list().length === n + 2);
      expect(lists).toBe(1);

      c.faults.set({ expireResourceVersions: true });
      await until(() => lists >= 2);
      c.faults.clear();
      await scale(5);
      await until(() => informer.list().length === n + 3);
      expect(added.length).toBeGreaterThanOrEqual(n + 3);
    } finally {
      await informer.stop();
    }
  });
});
