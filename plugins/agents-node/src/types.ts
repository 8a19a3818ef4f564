import {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';

/**
 * A cluster AgentDeck watches or writes to, with what it takes to reach it.
 * @public
 */
export interface KubernetesCluster {
  name: string;
  title?: string;
  url: string;
  /** PEM text of the CA to trust: caFile read, caData decoded, or the pod's service-account CA. */
  ca?: string;
  skipTLSVerify: boolean;
  skipMetricsLookup: boolean;
  authProvider: string;
  /** Where it was configured, for messages: `kubernetes.clusterLocatorMethods[0].clusters[1]` or an entity ref. */
  source: string;
  /** Equal for the same cluster reached the same way; another URL, CA or auth gives another key. */
  key: string;
  /** The cluster as the Kubernetes plugin's auth strategies see it. */
  details: ClusterDetails;
  /** A current credential from the cluster's auth strategy (asked again once the last answer is a minute old). */
  getCredential(): Promise<KubernetesCredential>;
  /** Forgets the current credential, e.g. after the API server answered 401. */
  invalidateCredential(): void;
}

/**
 * The clusters of the `kubernetes` config section, config- and
 * catalog-located, the way Backstage's Kubernetes plugin finds them.
 * @public
 */
export interface KubernetesClusterSupplier {
  /** Every cluster now; catalog-located ones are re-read at most every `refreshIntervalMs`. */
  getClusters(): Promise<KubernetesCluster[]>;
  /** Set when clusters come from the catalog, so that the set can change while Backstage runs. */
  readonly refreshIntervalMs?: number;
  /** The clusters located without the catalog, known from startup on. */
  readonly configClusters: KubernetesCluster[];
}
