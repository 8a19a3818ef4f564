import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';
import { hostileSecrets } from './hostile';

jest.setTimeout(60000);

const scenario = {
  name: 'hostile',
  agents: [
    {
      name: 'leaky-agent',
      namespace: 'ai-agents',
      replicas: 1,
      scaling: { mode: 'none' as const },
      behaviours: {
        hostile: { readyz: 'secrets' as const, metrics: 'toggle' as const },
      },
    },
    {
      name: 'honest-agent',
      namespace: 'ai-agents',
      replicas: 1,
      scaling: { mode: 'none' as const },
    },
  ],
};

describe('hostile agents', () => {
  let c: SandboxCluster;
  const podOf = async (app: string) =>
    (
      await call(
        c,
        `/api/v1/namespaces/ai-agents/pods?labelSelector=app%3D${app}`,
      )
    ).json.items[0];
  const proxy = async (pod: string, path: string, timeoutMs?: number) =>
    call(c, `/api/v1/namespaces/ai-agents/pods/${pod}:8000/proxy${path}`, {
      timeoutMs,
    });

  beforeAll(async () => {
    c = await startSandboxCluster({ scenario, timeScale: 0 });
    c.sim.advance(30);
  });
  afterAll(() => c.stop());

  it('leaks credentials on /readyz and is unready for it, as the kubelet probe sees the 503', async () => {
    const pod = await podOf('leaky-agent');
    const r = await proxy(pod.metadata.name, '/readyz');
    expect(r.status).toBe(503);
    for (const s of hostileSecrets) expect(r.text).toContain(s);
    expect(
      pod.status.conditions.find((x: { type: string }) => x.type === 'Ready')
        .status,
    ).toBe('False');
  });

  it('toggles a token counter between 0 and 400000 at every scrape', async () => {
    const pod = (await podOf('leaky-agent')).metadata.name;
    const values = [];
    for (let i = 0; i < 4; i++) {
      const text = (await proxy(pod, '/metrics')).text;
      values.push(
        Number(
          /llm_tokens_total\{model="toggle-model",direction="input"\} (\S+)/.exec(
            text,
          )?.[1],
        ),
      );
    }
    expect(values.sort()).toEqual([0, 0, 400000, 400000]);
  });

  it.each([
    [
      'flood',
      (t: string) =>
        (t.match(/model="flood-model-\d+"/g) ?? []).length === 3000,
    ],
    ['huge-label', (t: string) => /model="m{204800}"/.test(t)],
    [
      'inflate',
      (t: string) =>
        t.includes('llm_cost_dollars_total{model="inflated-model"} 1e12') &&
        (t.match(/ 1e308/g) ?? []).length === 2,
    ],
  ] as const)(
    'serves %s metrics, and honest ones again after setHostile(null)',
    async (kind, seen) => {
      c.sim.setHostile('honest-agent', { metrics: kind });
      const pod = (await podOf('honest-agent')).metadata.name;
      expect(seen((await proxy(pod, '/metrics')).text)).toBe(true);
      c.sim.setHostile('honest-agent', null);
      const honest = (await proxy(pod, '/metrics')).text;
      expect(seen(honest)).toBe(false);
      expect(honest).toContain(
        'llm_tokens_total{model="openai/gpt-4o-mini",direction="input"}',
      );
    },
  );

  it('never answers /readyz when it hangs, and its pod turns unready', async () => {
    c.sim.setHostile('honest-agent', { readyz: 'hang' });
    try {
      const pod = (await podOf('honest-agent')).metadata.name;
      await expect(proxy(pod, '/readyz', 500)).rejects.toThrow();
      c.sim.advance(20);
      const ready = (await podOf('honest-agent')).status.conditions.find(
        (x: { type: string }) => x.type === 'Ready',
      );
      expect(ready.status).toBe('False');
    } finally {
      c.sim.setHostile('honest-agent', null);
    }
  });
});
