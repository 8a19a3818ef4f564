import { Config } from '@backstage/config';

/** A cluster from `kubernetes.clusterLocatorMethods` (type config). @public */
export interface KubernetesClusterDetails {
  name: string;
  url: string;
  serviceAccountToken?: string;
  /** As configured: base64 of the PEM, as in a kubeconfig. */
  caData?: string;
  skipTLSVerify: boolean;
}

/**
 * The clusters of the `kubernetes.clusterLocatorMethods` entries of type
 * `config`: the section Backstage's Kubernetes plugin reads, so a Backstage
 * that already shows Kubernetes needs no cluster config of AgentDeck's own.
 * @public
 */
export function readKubernetesClusters(config: Config): KubernetesClusterDetails[] {
  const methods = config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
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
