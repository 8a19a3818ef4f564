import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { SAMPLE_SPECS } from '../__testUtils__/specs';
import { createKubernetesApplyAction } from '../actions/kubernetesApply';

/**
 * Four agents created into one namespace, as teams do with the templates' default namespace:
 * each must become available. The sandbox enforces ResourceQuota as the API server does.
 */
describe('agents sharing a namespace', () => {
  let cluster: SandboxCluster;
  let kc: KubeConfig;

  beforeEach(async () => {
    cluster = await startSandboxCluster({
      timeScale: 0,
      scenario: {
        name: 'shared',
        namespaces: [
          { name: 'support', labels: { 'agentdeck.io/owner': 'support-team' } },
        ],
        agents: [],
      },
    });
    kc = new KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
  });
  afterEach(() => cluster?.stop());

  const createFour = async (namespacePolicy: boolean) => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'sandbox',
                url: cluster.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: cluster.token,
                caData: cluster.caData,
              },
            ],
          },
        ],
      },
    });
    for (const [i, name] of ['faq', 'triage', 'summary', 'router'].entries()) {
      const spec = {
        ...SAMPLE_SPECS.httpApi,
        name: `${name}-agent`,
        namespace: 'support',
        scaling: { mode: 'hpa', minReplicas: 2, maxReplicas: 2 + i, target: 8 },
        namespacePolicy,
      };
      const ctx = createMockActionContext({
        input: {
          spec,
          owner: 'group:default/support-team',
          cluster: 'sandbox',
          environment: 'production',
        } as any,
        user: {
          ref: 'user:default/sam',
          entity: { spec: { memberOf: ['support-team'] } } as any,
        },
      });
      await createKubernetesApplyAction({ config }).handler(ctx as any);
    }
    cluster.sim.advance(180);
    const deployments = await kc
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace: 'support' });
    return deployments.items.map(d => [
      d.metadata?.name,
      `${d.status?.availableReplicas ?? 0}/${d.spec?.replicas}`,
    ]);
  };

  it('all become available: no agent brings a namespace-wide quota by default', async () => {
    expect((await createFour(false)).sort()).toEqual([
      ['faq-agent', '2/2'],
      ['router-agent', '2/2'],
      ['summary-agent', '2/2'],
      ['triage-agent', '2/2'],
    ]);
    const quotas = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedResourceQuota({ namespace: 'support' });
    expect(quotas.items).toEqual([]);
  });

  it('with a quota per agent (the old default) the smallest quota starves agents', async () => {
    const states = await createFour(true);
    const starved = states.filter(([, ready]) => ready !== '2/2');
    expect(starved.length).toBeGreaterThan(0);
    const events = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: 'support' });
    expect(
      events.items.some(
        e =>
          e.reason === 'FailedCreate' && /exceeded quota/.test(e.message ?? ''),
      ),
    ).toBe(true);
  });
});
