import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';

jest.setTimeout(60000);

/** `agent_readiness_check` of one pod's /metrics, by check. */
const gauge = (text: string) =>
  Object.fromEntries(
    [
      ...text.matchAll(/^agent_readiness_check\{check="([^"]+)"\} (\S+)$/gm),
    ].map(([, check, v]) => [check, Number(v)]),
  );

describe('agent_readiness_check on simulated pods', () => {
  let c: SandboxCluster;
  beforeAll(async () => {
    c = await startSandboxCluster({
      timeScale: 0,
      scenario: {
        namespaces: ['ai-agents'],
        agents: [
          {
            name: 'vision-agent',
            namespace: 'ai-agents',
            replicas: 1,
            scaling: { mode: 'none' },
            checks: ['model_loaded', 'database'],
            behaviours: { slowStartSeconds: 90 },
          },
        ],
      },
    });
  });
  afterAll(() => c.stop());

  const read = async () => {
    const pod = (await call(c, '/api/v1/namespaces/ai-agents/pods')).json
      .items[0].metadata.name;
    const base = `/api/v1/namespaces/ai-agents/pods/${pod}/proxy`;
    return {
      readyz: (await call(c, `${base}/readyz`)).json.checks as Record<
        string,
        string
      >,
      metric: gauge((await call(c, `${base}/metrics`)).text),
    };
  };

  it('says what /readyz says, also while the model is loading and when a dependency fails', async () => {
    c.sim.advance(10);
    const loading = await read();
    expect(loading.readyz.model_loaded).toMatch(/^error/);
    expect(loading.metric).toEqual({ model_loaded: 0, database: 1 });

    c.sim.advance(120);
    c.sim.setDependency('vision-agent', 'database', false);
    const started = await read();
    expect(started.readyz).toMatchObject({ model_loaded: 'ok' });
    expect(started.readyz.database).toMatch(/^error/);
    expect(started.metric).toEqual({ model_loaded: 1, database: 0 });
  });
});
