import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { KubeConfig } from '@kubernetes/client-node';
import {
  AuthenticationStrategy,
  createKubernetesClusterSupplier,
  KubernetesCluster,
  KubernetesCredential,
  readKubernetesClusterList,
  readKubernetesClusters,
} from '@agentdeck/plugin-agents-node';

/** A cluster of `kubernetes.clusterLocatorMethods` or `agentdeck.kubernetesApply.clusters`. @public */
export type ClusterDetails = KubernetesCluster;

/** Reads the config-located clusters the Kubernetes plugin is configured with. @public */
export const readClusters = readKubernetesClusters;

const APPLY_CLUSTERS = 'agentdeck.kubernetesApply.clusters';

/** Options of {@link createApplyClusters}. @public */
export interface ApplyClustersOptions {
  config: Config;
  logger?: LoggerService;
  /** With `auth`: catalog-located clusters too, when the Kubernetes plugin's clusters are used. */
  catalog?: CatalogService;
  auth?: AuthService;
  /** More strategies by authProvider name, beside the Kubernetes plugin's built-in ones. */
  authStrategies?: ReadonlyMap<string, AuthenticationStrategy>;
}

/** The clusters `agentdeck:kubernetes:apply` writes to, each as a KubeConfig with a current credential. @public */
export interface ApplyClusters {
  /** A KubeConfig for the named cluster, or an InputError listing the known names. */
  kubeConfigFor(name: string): Promise<KubeConfig>;
}

function userOf(credential: KubernetesCredential) {
  const user = { name: 'agentdeck-scaffolder' };
  if (credential.type === 'bearer token')
    return { ...user, token: credential.token };
  if (credential.type === 'x509 client certificate')
    return {
      ...user,
      certData: Buffer.from(credential.cert).toString('base64'),
      keyData: Buffer.from(credential.key).toString('base64'),
    };
  return user;
}

async function credentialOf(cluster: KubernetesCluster) {
  try {
    return await cluster.getCredential();
  } catch (e) {
    throw new Error(
      `cluster: no credential for "${cluster.name}" (authProvider ${
        cluster.authProvider
      }): ${(e as Error).message}`,
    );
  }
}

async function toKubeConfig(cluster: KubernetesCluster): Promise<KubeConfig> {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.ca && Buffer.from(cluster.ca).toString('base64'),
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [userOf(await credentialOf(cluster))],
    contexts: [
      {
        name: cluster.name,
        cluster: cluster.name,
        user: 'agentdeck-scaffolder',
      },
    ],
    currentContext: cluster.name,
  });
  return kc;
}

/**
 * The clusters `agentdeck:kubernetes:apply` writes to:
 * `agentdeck.kubernetesApply.clusters` when set, so that writing needs
 * credentials of its own while Backstage's Kubernetes plugin and the agents
 * backend read with a read-only identity; otherwise the Kubernetes plugin's.
 * Both are read as the Kubernetes plugin reads a `type: config` locator (an
 * apply entry without authProvider is `serviceAccount`); what AgentDeck
 * cannot use is thrown now, at startup.
 * @public
 */
export function createApplyClusters(
  options: ApplyClustersOptions,
): ApplyClusters {
  const { config, logger, catalog, auth, authStrategies } = options;
  const own = config.has(APPLY_CLUSTERS);
  let getClusters: () => Promise<KubernetesCluster[]>;
  if (own) {
    const list = readKubernetesClusterList(config, APPLY_CLUSTERS, {
      logger,
      authStrategies,
      defaultAuthProvider: 'serviceAccount',
    });
    getClusters = async () => list;
  } else if (catalog && auth && logger) {
    const supplier = createKubernetesClusterSupplier({
      config,
      logger,
      catalog,
      auth,
      authStrategies,
    });
    getClusters = () => supplier.getClusters();
  } else {
    const list = readKubernetesClusters(config, { logger, authStrategies });
    getClusters = async () => list;
  }
  return {
    async kubeConfigFor(name) {
      const clusters = await getClusters();
      const cluster = clusters.find(c => c.name === name);
      if (!cluster)
        throw new InputError(
          `cluster: "${name}" is not in ${
            own ? APPLY_CLUSTERS : 'kubernetes.clusterLocatorMethods'
          } (known: ${clusters.map(c => c.name).join(', ') || 'none'})`,
        );
      return toKubeConfig(cluster);
    },
  };
}

/** A KubeConfig for one cluster the apply action may write to, or an InputError listing the known names. @public */
export function kubeConfigFor(
  config: Config,
  name: string,
): Promise<KubeConfig> {
  return createApplyClusters({ config }).kubeConfigFor(name);
}
