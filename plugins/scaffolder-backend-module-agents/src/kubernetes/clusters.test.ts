import { ConfigReader } from '@backstage/config';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { applyObjects } from './applyObjects';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationStrategy } from '@agentdeck/plugin-agents-node';
import { createKubernetesApplyAction } from '../actions/kubernetesApply';
import { createApplyClusters, kubeConfigFor } from './clusters';

const namespace = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

/**
 * Backstage reads the clusters with a read-only token; the apply action writes
 * with its own credentials from agentdeck.kubernetesApply.clusters.
 */
describe('the clusters the apply action writes to', () => {
  let cluster: SandboxCluster;
  const entry = (token: string) => ({
    name: 'sandbox-eu',
    url: cluster.url,
    serviceAccountToken: token,
    caData: cluster.caData,
  });
  const readOnly = () => ({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            { ...entry(cluster.readerToken), authProvider: 'serviceAccount' },
          ],
        },
      ],
    },
  });

  beforeAll(async () => {
    cluster = await startSandboxCluster({
      name: 'sandbox-eu',
      timeScale: 0,
      scenario: { name: 'empty', namespaces: [], agents: [] },
    });
  });
  afterAll(() => cluster.stop());

  it('writes with agentdeck.kubernetesApply.clusters when it is set', async () => {
    const config = new ConfigReader({
      ...readOnly(),
      agentdeck: { kubernetesApply: { clusters: [entry(cluster.token)] } },
    });
    const kc = await kubeConfigFor(config, 'sandbox-eu');
    expect(kc.getCurrentUser()?.token).toBe(cluster.token);
    const result = await applyObjects(kc, [namespace('writes-here')], {
      dryRun: false,
    });
    expect(result.applied).toEqual([
      expect.objectContaining({ kind: 'Namespace', name: 'writes-here' }),
    ]);
  });

  it("uses the Kubernetes plugin's clusters otherwise, whose read-only token cannot write", async () => {
    const kc = await kubeConfigFor(new ConfigReader(readOnly()), 'sandbox-eu');
    expect(kc.getCurrentUser()?.token).toBe(cluster.readerToken);
    await expect(
      applyObjects(kc, [namespace('never-here')], { dryRun: false }),
    ).rejects.toThrow(/forbidden/);
  });

  it('names the list a missing cluster was looked up in', async () => {
    const config = new ConfigReader({
      ...readOnly(),
      agentdeck: { kubernetesApply: { clusters: [] } },
    });
    await expect(kubeConfigFor(config, 'sandbox-eu')).rejects.toThrow(
      'cluster: "sandbox-eu" is not in agentdeck.kubernetesApply.clusters (known: none)',
    );
    await expect(
      kubeConfigFor(new ConfigReader(readOnly()), 'sandbox-us'),
    ).rejects.toThrow(
      'cluster: "sandbox-us" is not in kubernetes.clusterLocatorMethods (known: sandbox-eu)',
    );
  });

  it('trusts the CA of a caFile and writes with a client certificate a strategy hands out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apply-ca-'));
    writeFileSync(
      join(dir, 'ca.crt'),
      Buffer.from(cluster.caData, 'base64').toString('utf8'),
    );
    const admin = cluster.clientCertificate('admin');
    const clientCert: AuthenticationStrategy = {
      getCredential: async () => ({
        type: 'x509 client certificate',
        ...admin,
      }),
      validateCluster: () => [],
      presentAuthMetadata: () => ({}),
    };
    const config = new ConfigReader({
      ...readOnly(),
      agentdeck: {
        kubernetesApply: {
          clusters: [
            {
              name: 'sandbox-eu',
              url: cluster.url,
              authProvider: 'clientCert',
              caFile: join(dir, 'ca.crt'),
            },
          ],
        },
      },
    });
    const kc = await createApplyClusters({
      config,
      authStrategies: new Map([['clientCert', clientCert]]),
    }).kubeConfigFor('sandbox-eu');
    expect(kc.getCurrentUser()?.token).toBeUndefined();
    const result = await applyObjects(kc, [namespace('by-certificate')], {
      dryRun: false,
    });
    expect(result.applied).toEqual([
      expect.objectContaining({ kind: 'Namespace', name: 'by-certificate' }),
    ]);
  });

  it('refuses at startup a cluster AgentDeck cannot write to, naming it and the field', () => {
    const config = new ConfigReader({
      ...readOnly(),
      agentdeck: {
        kubernetesApply: {
          clusters: [
            { name: 'prod-eu', url: cluster.url, authProvider: 'oidc' },
          ],
        },
      },
    });
    expect(() => createKubernetesApplyAction({ config })).toThrow(
      `agentdeck.kubernetesApply.clusters[0] (prod-eu): authProvider "oidc" needs the signed-in user's token; AgentDeck's background watches cannot use it — use serviceAccount`,
    );
  });
});
