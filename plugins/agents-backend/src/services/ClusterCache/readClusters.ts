import { Config } from '@backstage/config';
import { readKubernetesClusters } from '@agentdeck/plugin-agents-node';
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
  return readKubernetesClusters(config).map(c => ({
    name: c.name,
    url: c.url,
    token: c.serviceAccountToken,
    caData: pem(c.caData),
    skipTLSVerify: c.skipTLSVerify,
  }));
}
