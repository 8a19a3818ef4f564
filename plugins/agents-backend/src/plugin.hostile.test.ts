import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  hostileSecrets,
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import {
  AgentStatusResponse,
  OverviewResponse,
  UsageResponse,
} from '@agentdeck/plugin-agents-common';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(60000);

const one = (name: string, hostile: object) => ({
  name,
  namespace: 'ai-agents',
  replicas: 1,
  scaling: { mode: 'none' as const },
  behaviours: { hostile },
});

describe('agents that answer with hostile data', () => {
  let eu: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startAgentsBackend>>;
  // the mock's factory is not in its declared type; it lets the test run the sampler when it wants
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };
  const get = async <T>(path: string): Promise<T> => {
    const res = await request(backend.server)
      .get(`/api/agents${path}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: {
        name: 'hostile',
        agents: [
          one('leaky-agent', { readyz: 'secrets' }),
          one('flood-agent', { metrics: 'flood' }),
        ],
      },
      timeScale: 0,
    });
    eu.sim.advance(30);
    backend = await startAgentsBackend({
      clusters: [eu],
      entities: [agent('leaky-agent'), agent('flood-agent')],
      agents: { readiness: { intervalSeconds: 1, timeoutMs: 1000 } },
      extra: [scheduler.factory({ skipTaskRunOnStartup: true })],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await eu?.stop();
  });

  it('never lets the credentials of a /readyz reach status or overview', async () => {
    const status = await waitFor(
      async () => {
        const s = await get<AgentStatusResponse>(
          '/entities/default/leaky-agent/status',
        );
        return Boolean(s.clusters[0]?.pods[0]?.readiness?.checks.length) && s;
      },
      'the readiness breakdown',
      20000,
    );
    const overview = await get<OverviewResponse>('/overview');
    const shown = JSON.stringify([status, overview]);
    for (const secret of hostileSecrets) expect(shown).not.toContain(secret);
    const checks = status.clusters[0]!.pods[0]!.readiness!.checks;
    expect(checks.find(c => c.name === 'database')?.message).toBe(
      'error: could not connect to postgres://***@db.internal:5432/agents',
    );
    expect(checks.find(c => c.name === 'llm_api')?.message).toBe(
      'error: 401 from api.openai.com with Authorization: Bearer ***',
    );
    expect(
      overview.agents.find(a => a.name === 'leaky-agent')?.reasons.join(),
    ).toContain(
      'database failing (error: could not connect to postgres://***@db.internal:5432/agents)',
    );
  });

  it('answers usage of an agent whose /metrics floods as incomplete, naming the pod', async () => {
    // the sampler's scheduled run, once the cache knows the pods
    const usage = await waitFor(
      async () => {
        await scheduler.triggerTask('agents-usage-pod-metrics');
        const u = await get<UsageResponse>(
          '/entities/default/flood-agent/usage?window=24h',
        );
        return Boolean(u.rejected?.length) && u;
      },
      'the flood to be reported',
      20000,
    );
    expect(usage.rejected).toEqual([
      {
        cluster: 'sandbox-eu',
        namespace: 'ai-agents',
        pod: expect.stringMatching(/^flood-agent-/),
        cause: 'too-many-series',
        at: expect.any(String),
      },
    ]);
    expect(usage.models).toEqual([]);
    expect(
      (
        await get<UsageResponse>(
          '/entities/default/leaky-agent/usage?window=24h',
        )
      ).rejected,
    ).toBeUndefined();
  });
});
