import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import {
  KubernetesClusterDetails,
  readKubernetesClusters,
} from '@agentdeck/plugin-agents-node';

/** A cluster from `kubernetes.clusterLocatorMethods` (type config). @public */
export type ClusterDetails = KubernetesClusterDetails;

/** Reads the clusters the Kubernetes plugin is configured with. @public */
export const readClusters = readKubernetesClusters;

/**
 * The clusters `agentdeck:kubernetes:apply` writes to: `agentdeck.kubernetesApply.clusters`
 * when set, so that writing needs credentials of its own while Backstage's Kubernetes plugin
 * and the agents backend read with a read-only token; otherwise the Kubernetes plugin's.
 */
export function readApplyClusters(config: Config): ClusterDetails[] {
  const own = config.getOptionalConfigArray(
    'agentdeck.kubernetesApply.clusters',
  );
  if (!own) return readClusters(config);
  return own.map(c => ({
    name: c.getString('name'),
    url: c.getString('url'),
    serviceAccountToken: c.getOptionalString('serviceAccountToken'),
    caData: c.getOptionalString('caData'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
  }));
}

/** A KubeConfig for one cluster the apply action may write to, or an InputError listing the known names. @public */
export function kubeConfigFor(config: Config, name: string): KubeConfig {
  const clusters = readApplyClusters(config);
  const cluster = clusters.find(c => c.name === name);
  if (!cluster) {
    const source = config.has('agentdeck.kubernetesApply.clusters')
      ? 'agentdeck.kubernetesApply.clusters'
      : 'kubernetes.clusterLocatorMethods';
    throw new InputError(
      `cluster: "${name}" is not in ${source} (known: ${
        clusters.map(c => c.name).join(', ') || 'none'
      })`,
    );
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [
      { name: 'agentdeck-scaffolder', token: cluster.serviceAccountToken },
    ],
    contexts: [{ name, cluster: name, user: 'agentdeck-scaffolder' }],
    currentContext: name,
  });
  return kc;
}
