import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';

/** A cluster from `kubernetes.clusterLocatorMethods` (type config). @public */
export interface ClusterDetails {
  name: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify: boolean;
}

/** Reads the clusters the Kubernetes plugin is configured with. @public */
export function readClusters(config: Config): ClusterDetails[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(m => m.getString('type') === 'config')
    .flatMap(m => m.getOptionalConfigArray('clusters') ?? [])
    .map(c => ({
      name: c.getString('name'),
      url: c.getString('url'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    }));
}

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
