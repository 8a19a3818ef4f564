import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  agentdeckReaderUser,
  SandboxCluster,
  startSandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';
import { agentsKubernetesAuthStrategyExtensionPoint } from '@agentdeck/plugin-agents-node';
import { agentsPlugin } from './plugin';
import { agent } from './__testUtils__/entities';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(60000);

/** A cluster registered in the catalog, as the Kubernetes plugin's catalog locator reads it. */
function clusterResource(
  name: string,
  c: SandboxCluster,
  authProvider: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'kubernetes.io/api-server': c.url,
        'kubernetes.io/api-server-certificate-authority': c.caData,
        'kubernetes.io/auth-provider': authProvider,
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  };
}

/** A module giving the agents plugin a strategy that authenticates with a client certificate. */
const clientCertModule = (tls: { cert: string; key: string }) =>
  createBackendModule({
    pluginId: 'agents',
    moduleId: 'test-client-cert',
    register(env) {
      env.registerInit({
        deps: { strategies: agentsKubernetesAuthStrategyExtensionPoint },
        async init({ strategies }) {
          strategies.addAuthStrategy('clientCert', {
            getCredential: async () => ({
              type: 'x509 client certificate',
              ...tls,
            }),
            validateCluster: () => [],
            presentAuthMetadata: () => ({}),
          });
        },
      });
    },
  });

describe('the clusters the agents plugin watches, found and reached as the Kubernetes plugin does', () => {
  let eu: SandboxCluster;
  let catalogued: SandboxCluster;

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
    catalogued = await startSandboxCluster({
      name: 'sandbox-us',
      scenario: 'small',
      timeScale: 0,
    });
  });
  afterAll(async () => {
    await eu?.stop();
    await catalogued?.stop();
  });

  it('watches a config cluster trusted through caFile and a catalog Resource cluster reached with a client certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agents-ca-'));
    writeFileSync(
      join(dir, 'ca.crt'),
      Buffer.from(eu.caData, 'base64').toString('utf8'),
    );
    const backend = await startTestBackend({
      features: [
        agentsPlugin,
        clientCertModule(catalogued.clientCertificate(agentdeckReaderUser)),
        catalogServiceMock.factory({
          entities: [
            agent('billing-agent'),
            clusterResource('sandbox-us', catalogued, 'clientCert'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'sandbox-eu',
                      url: eu.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: eu.readerToken,
                      caFile: join(dir, 'ca.crt'),
                    },
                  ],
                },
                // the sandbox listens on loopback, which a catalog cluster may only use when allowed
                { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
              ],
            },
          },
        }),
      ],
    });
    try {
      const status = await waitFor(
        async () => {
          const res = await request(backend.server)
            .get('/api/agents/entities/default/billing-agent/status')
            .set('Authorization', mockCredentials.user.header());
          const body = res.body as AgentStatusResponse;
          const synced = body.clusters?.filter(
            c => c.pods.length > 0 && !c.error,
          );
          return synced?.length === 2 && body;
        },
        'pods from both clusters',
        30000,
      );
      expect(status.clusters.map(c => c.cluster).sort()).toEqual([
        'sandbox-eu',
        'sandbox-us',
      ]);
      // the catalog cluster's watches were its own: AgentDeck's User-Agent names it
      expect(
        Object.keys(catalogued.stats.userAgents).filter(u =>
          u.startsWith('agentdeck'),
        ),
      ).toEqual([expect.stringMatching(/\(sandbox-us\)$/)]);
    } finally {
      await backend.stop();
    }
  });

  it('refuses at startup clusters it cannot watch, naming each cluster and field', async () => {
    const start = startTestBackend({
      features: [
        agentsPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'ok',
                      url: eu.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: eu.readerToken,
                      caData: eu.caData,
                    },
                    {
                      name: 'prod-eu',
                      url: eu.url,
                      authProvider: 'oidc',
                      oidcTokenProvider: 'okta',
                    },
                    { name: 'prod-us', url: eu.url, authProvider: 'pinniped' },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    await expect(start).rejects.toThrow(
      `kubernetes.clusterLocatorMethods[0].clusters[1] (prod-eu): authProvider "oidc" needs the signed-in user's token; AgentDeck's background watches cannot use it — use serviceAccount\n` +
        'kubernetes.clusterLocatorMethods[0].clusters[2] (prod-us): authProvider "pinniped" is not one AgentDeck knows (known: anonymous, aws, azure, googleServiceAccount, localKubectlProxy, serviceAccount)',
    );
  });
});
