import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  startSandboxCluster,
  SandboxCluster,
  viewClusterRoleRules,
} from '@agentdeck/sandbox-cluster';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';
import request from 'supertest';
import packageJson from '../package.json';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(60000);

const VIEW_USER = 'system:serviceaccount:backstage:view';
const HIDDEN =
  'ScaledObjects not visible to AgentDeck: grant list and watch on scaledobjects.keda.sh';

function kedaAgent(name: string): Entity {
  const e = agent(name);
  return {
    ...e,
    spec: {
      ...e.spec,
      scaling: { mode: 'keda', minReplicas: 1, maxReplicas: 8 },
    },
  };
}

describe('an identity bound to the built-in view ClusterRole', () => {
  let eu: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startAgentsBackend>>;
  const logger = mockServices.logger.mock();

  const status = async (name: string): Promise<AgentStatusResponse> => {
    const res = await request(backend.server)
      .get(`/api/agents/entities/default/${name}/status`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
      identities: [{ name: VIEW_USER, rules: viewClusterRoleRules }],
    });
    eu.sim.advance(60);
    backend = await startAgentsBackend({
      // what many clusters hand out as "read-only": no KEDA, no pods/proxy
      clusters: [{ ...eu, token: eu.tokens[VIEW_USER] }],
      entities: [
        agent('billing-agent'),
        agent('summarizer-agent'),
        kedaAgent('invoice-reconciler'),
      ],
      agents: {
        // KEDA is looked at again every 100 ms: many 403s, still one log line
        cache: {
          requestTimeoutMs: 1000,
          backoffMinMs: 50,
          backoffMaxMs: 300,
          absentRetryMs: 100,
        },
        readiness: {
          intervalSeconds: 1,
          readyIntervalSeconds: 1,
          timeoutMs: 500,
        },
      },
      extra: [logger.factory],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await eu?.stop();
  });

  it('marks only the KEDA agent, with what to grant, and warns once', async () => {
    const keda = await waitFor(async () => {
      const s = await status('invoice-reconciler');
      return s.clusters[0]?.notVisible && s.clusters[0].pods.length > 0 && s;
    }, 'the KEDA agent to say what it cannot see');
    expect(keda.clusters[0].notVisible).toEqual([HIDDEN]);
    expect(keda.clusters[0].error).toBeUndefined();
    expect(keda.reasons).toContain(HIDDEN);

    const listsBefore = eu.stats.byRoute['list keda.sh/scaledobjects'] ?? 0;
    await waitFor(
      () =>
        (eu.stats.byRoute['list keda.sh/scaledobjects'] ?? 0) >=
        listsBefore + 3,
      'more forbidden lists',
    );

    for (const name of ['billing-agent', 'summarizer-agent']) {
      const s = await status(name);
      expect(s.clusters).toHaveLength(1);
      expect(s.clusters[0].error).toBeUndefined();
      expect(s.clusters[0].notVisible).toBeUndefined();
      expect(s.clusters[0].pods.length).toBeGreaterThan(0);
      expect(s.reasons.join('\n')).not.toMatch(/ScaledObject|forbidden|403/);
    }
    // about the cluster, once; (the view role cannot read pods' /metrics either: usage says so apart)
    const aboutCluster = logger.warn.mock.calls.filter(([m]) =>
      String(m).startsWith('Kubernetes cluster'),
    );
    expect(aboutCluster).toEqual([
      [`Kubernetes cluster sandbox-eu: ${HIDDEN}`],
    ]);
    expect(
      logger.warn.mock.calls.every(
        ([m]) =>
          String(m).startsWith('Kubernetes cluster') ||
          String(m).startsWith('Usage of agent:'),
      ),
    ).toBe(true);
  });

  it('names itself on every request: list, watch and pod proxy', async () => {
    await waitFor(
      () => (eu.stats.byRoute['get pods/proxy'] ?? 0) > 0,
      'a readiness fetch',
    );
    expect(eu.stats.byRoute['watch pods']).toBeGreaterThan(0);
    expect(eu.stats.userAgents).toEqual({
      [`agentdeck-agents-backend/${packageJson.version} (sandbox-eu)`]:
        eu.stats.total,
    });
  });
});
