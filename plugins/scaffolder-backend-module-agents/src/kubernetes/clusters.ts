import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import {
  KubernetesClusterDetails,
  readKubernetesClusters,
} from '@agentdeck/plugin-agents-common';

/** A cluster from `kubernetes.clusterLocatorMethods` (type config). @public */
export type ClusterDetails = KubernetesClusterDetails;

/** Reads the clusters the Kubernetes plugin is configured with. @public */
export const readClusters = readKubernetesClusters;

/** A KubeConfig for one named cluster, or an InputError listing the known names. @public */
export function kubeConfigFor(config: Config, name: string): KubeConfig {
  const clusters = readClusters(config);
  const cluster = clusters.find(c => c.name === name);
  if (!cluster) {
    throw new InputError(
      `cluster: "${name}" is not in kubernetes.clusterLocatorMethods (known: ${
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
