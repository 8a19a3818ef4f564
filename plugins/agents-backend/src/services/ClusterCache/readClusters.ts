import { Config } from '@backstage/config';
import { ClusterConfig } from './types';

function pem(caData: string | undefined): string | undefined {
  if (!caData) return undefined;
  // The Kubernetes plugin takes caData base64-encoded, as in a kubeconfig; accept PEM too.
  return caData.includes('-----BEGIN') ? caData : Buffer.from(caData, 'base64').toString('utf8');
}

/**
 * Reads the clusters of `kubernetes.clusterLocatorMethods` entries of type
 * `config`: the same section Backstage's Kubernetes plugin reads.
 */
export function readClusters(config: Config): ClusterConfig[] {
  const methods = config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(m => m.getString('type') === 'config')
    .flatMap(m => m.getOptionalConfigArray('clusters') ?? [])
    .map(c => ({
      name: c.getString('name'),
      url: c.getString('url'),
      token: c.getOptionalString('serviceAccountToken'),
      caData: pem(c.getOptionalString('caData')),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    }));
}
