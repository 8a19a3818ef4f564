import { ConfigReader } from '@backstage/config';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { applyObjects } from './applyObjects';
import { kubeConfigFor } from './clusters';

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
    const kc = kubeConfigFor(config, 'sandbox-eu');
    expect(kc.getCurrentUser()?.token).toBe(cluster.token);
    const result = await applyObjects(kc, [namespace('writes-here')], {
      dryRun: false,
    });
    expect(result.applied).toEqual([
      expect.objectContaining({ kind: 'Namespace', name: 'writes-here' }),
    ]);
  });

  it("uses the Kubernetes plugin's clusters otherwise, whose read-only token cannot write", async () => {
    const kc = kubeConfigFor(new ConfigReader(readOnly()), 'sandbox-eu');
    expect(kc.getCurrentUser()?.token).toBe(cluster.readerToken);
    await expect(
      applyObjects(kc, [namespace('never-here')], { dryRun: false }),
    ).rejects.toThrow(/forbidden/);
  });

  it('names the list a missing cluster was looked up in', () => {
    const config = new ConfigReader({
      ...readOnly(),
      agentdeck: { kubernetesApply: { clusters: [] } },
    });
    expect(() => kubeConfigFor(config, 'sandbox-eu')).toThrow(
      'cluster: "sandbox-eu" is not in agentdeck.kubernetesApply.clusters (known: none)',
    );
    expect(() =>
      kubeConfigFor(new ConfigReader(readOnly()), 'sandbox-us'),
    ).toThrow(
      'cluster: "sandbox-us" is not in kubernetes.clusterLocatorMethods (known: sandbox-eu)',
    );
  });
});
