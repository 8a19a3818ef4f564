import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthenticationStrategy,
  createKubernetesClusterSupplier,
  KubernetesCluster,
  readKubernetesClusters,
  ReadKubernetesClustersOptions,
} from '@agentdeck/plugin-agents-node';
import { ClusterConfig, ClusterSource } from './types';

function toClusterConfig(c: KubernetesCluster): ClusterConfig {
  return {
    name: c.name,
    url: c.url,
    caData: c.ca,
    skipTLSVerify: c.skipTLSVerify,
    credential: c.getCredential,
    invalidateCredential: c.invalidateCredential,
    key: c.key,
  };
}

/**
 * The config-located clusters of `kubernetes.clusterLocatorMethods`: the
 * section Backstage's Kubernetes plugin reads, with its auth strategies.
 */
export function readClusters(
  config: Config,
  options?: ReadKubernetesClustersOptions,
): ClusterConfig[] {
  return readKubernetesClusters(config, options).map(toClusterConfig);
}

/**
 * Every cluster the Kubernetes plugin would find, catalog-located ones
 * included; what AgentDeck cannot use is thrown now, at startup.
 */
export function readClusterSource(options: {
  config: Config;
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  authStrategies?: ReadonlyMap<string, AuthenticationStrategy>;
}): { clusters: ClusterConfig[]; source?: ClusterSource } {
  const supplier = createKubernetesClusterSupplier(options);
  const clusters = supplier.configClusters.map(toClusterConfig);
  if (supplier.refreshIntervalMs === undefined) return { clusters };
  return {
    clusters,
    source: {
      refreshIntervalMs: supplier.refreshIntervalMs,
      getClusters: async () =>
        (await supplier.getClusters()).map(toClusterConfig),
    },
  };
}
