import { mockCredentials } from '@backstage/backend-test-utils';
import {
  startSandboxCluster,
  SandboxCluster,
  Faults,
} from '@agentdeck/sandbox-cluster';
import {
  AgentStatusResponse,
  PodStatus,
} from '@agentdeck/plugin-agents-common';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(60000);

describe('status under cluster faults', () => {
  let eu: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startAgentsBackend>>;

  const status = async (
    name = 'billing-agent',
  ): Promise<AgentStatusResponse> => {
    const res = await request(backend.server)
      .get(`/api/agents/entities/default/${name}/status`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const pods = (s: AgentStatusResponse): PodStatus[] =>
    s.clusters.flatMap(c => c.pods);
  let last: AgentStatusResponse | undefined;
  const healthy = () =>
    waitFor(
      async () => {
        const s = await status();
        last = s;
        return (
          !s.clusters[0]?.error &&
          pods(s).length > 0 &&
          pods(s)
            .filter(p => p.ready)
            .every(p => p.readiness?.checks.length && !p.readiness.error) &&
          s
        );
      },
      'a clean answer',
      20000,
    ).catch(e => {
      throw new Error(`${e.message}; last answer: ${JSON.stringify(last)}`);
    });
  const withFault = async (
    f: Partial<Faults>,
    check: (s: AgentStatusResponse) => boolean,
    what: string,
  ) => {
    eu.faults.set(f);
    try {
      return await waitFor(
        async () => {
          const s = await status();
          return check(s) && s;
        },
        what,
        20000,
      );
    } finally {
      eu.faults.clear();
    }
  };

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
    // past the scenario's one-off OOM kill, so the fleet starts clean
    for (let i = 0; i < 10; i++) eu.sim.advance(60);
    backend = await startAgentsBackend({
      clusters: [eu],
      entities: [agent('billing-agent')],
      agents: {
        readiness: {
          intervalSeconds: 1,
          readyIntervalSeconds: 1,
          timeoutMs: 500,
          maxBytes: 65536,
        },
        cache: {
          requestTimeoutMs: 1000,
          watchTimeoutSeconds: 2,
          backoffMinMs: 50,
          backoffMaxMs: 300,
        },
      },
    });
    await healthy();
  });

  afterAll(async () => {
    await backend?.stop();
    await eu?.stop();
  });

  afterEach(async () => {
    eu.faults.clear();
    await healthy();
  });

  it.each([
    ['huge', /larger than 65536 bytes/],
    ['garbage', /not JSON: <html><body>502 Bad Gateway/],
    ['slow', /no answer within 500 ms/],
  ] as const)(
    'answers at once, naming the error, when /readyz is %s',
    async (kind, error) => {
      const s = await withFault(
        { readyzBody: { agent: 'billing-agent', kind } },
        x => pods(x).some(p => error.test(p.readiness?.error ?? '')),
        `readiness error for ${kind}`,
      );
      expect(s.clusters[0].workloads).toHaveLength(1);
      expect(s.clusters[0].autoscalers).toHaveLength(1);
      expect(JSON.stringify(s)).not.toContain('\\u0000');
      expect(JSON.stringify(s)).not.toContain('xxxxxxxxxx');
      const started = Date.now();
      await status();
      expect(Date.now() - started).toBeLessThan(1000);
    },
  );

  it('keeps the last data and says the cluster is unreachable while it refuses connections', async () => {
    const s = await withFault(
      { refuseConnections: true },
      x => x.clusters[0]?.error?.kind === 'unreachable',
      'unreachable',
    );
    expect(s.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cluster sandbox-eu unreachable: /),
      ]),
    );
    expect(s.state).not.toBe('healthy');
    expect(pods(s).length).toBeGreaterThan(0);
    expect(Date.parse(s.clusters[0].error?.since ?? '')).not.toBeNaN();
  });

  it('reports API errors (500) and recovers by itself', async () => {
    const s = await withFault(
      { errorRate: 1 },
      x => x.clusters[0]?.error?.kind === 'error',
      '500s',
    );
    expect(s.clusters[0].error?.message).toMatch(/HTTP 500/);
  });

  it('reports a slow API server as a timeout', async () => {
    const s = await withFault(
      { latencyMs: 3000 },
      x => x.clusters[0]?.error?.kind === 'timeout',
      'timeout',
    );
    expect(s.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cluster sandbox-eu timeout: /),
      ]),
    );
  });

  it.each([
    [
      'dropped watches',
      { dropWatchesAfterMs: 100 },
      40,
      (n: number, before: number) => n > before,
    ],
    [
      '410 Expired',
      { expireResourceVersions: true },
      0.5,
      (n: number, before: number) => n < before,
    ],
  ] as const)(
    'keeps following changes through %s',
    async (_name, fault, load, moved) => {
      const before = pods(await status()).length;
      eu.faults.set(fault);
      eu.sim.setLoad('billing-agent', load);
      for (let i = 0; i < 20; i++) eu.sim.advance(60);
      const s = await waitFor(
        async () => {
          const x = await status();
          return moved(pods(x).length, before) && x;
        },
        'the rescale to show',
        20000,
      );
      expect(s.clusters[0].error).toBeUndefined();
    },
  );
});
