import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import request from 'supertest';
import { permissionPolicyModule } from './permissionPolicy';

jest.setTimeout(60000);

// What the example backend had before: every permission to everyone.
const allowAll = createBackendModule({
  pluginId: 'permission',
  moduleId: 'allow-all-for-test',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          handle: async () => ({ result: AuthorizeResult.ALLOW }),
        });
      },
    });
  },
});

/**
 * The attack of issue 19: a signed-in user reads Secrets through the
 * Kubernetes plugin's proxy. Run against the real Kubernetes backend and the
 * sandbox cluster, with each of the two defences taken away in turn.
 */
describe("Secrets through the Kubernetes plugin's proxy", () => {
  let cluster: SandboxCluster;
  beforeAll(async () => {
    cluster = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
  });
  afterAll(() => cluster.stop());

  async function readSecretsAsGuest(
    policy: typeof permissionPolicyModule,
    token: string,
  ) {
    const backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        permissionPlugin,
        policy,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'sandbox-eu',
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: token,
                      caData: cluster.caData,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    try {
      return await request(backend.server)
        .get('/api/kubernetes/proxy/api/v1/namespaces/ai-agents/secrets')
        .set(
          'authorization',
          mockCredentials.user.header('user:development/guest'),
        )
        .set('Backstage-Kubernetes-Cluster', 'sandbox-eu');
    } finally {
      await backend.stop();
    }
  }

  it('worked with allow-all and the admin token (the example as it was)', async () => {
    const res = await readSecretsAsGuest(allowAll, cluster.token);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('SecretList');
    expect(res.body.items.length).toBeGreaterThan(0);
  });

  it('is refused by the example policy before any cluster is asked', async () => {
    cluster.resetStats();
    const res = await readSecretsAsGuest(permissionPolicyModule, cluster.token);
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(cluster.stats.byRoute['list secrets']).toBeUndefined();
  });

  it('is refused by the cluster when the token is the read-only one, whatever the policy', async () => {
    const res = await readSecretsAsGuest(allowAll, cluster.readerToken);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(
      /^secrets is forbidden: User "system:serviceaccount:agentdeck:agentdeck-reader" cannot list resource "secrets"/,
    );
  });
});
