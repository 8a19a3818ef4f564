import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { createAuthStrategies, AuthStrategies } from './authStrategies';
import { createCatalogLocator } from './catalogClusters';
import { toKubernetesCluster } from './cluster';
import { readConfigCluster } from './configClusters';
import { KubernetesCluster, KubernetesClusterSupplier } from './types';

/** Options of {@link readKubernetesClusters}. @public */
export interface ReadKubernetesClustersOptions {
  /** Receives the strategies' own messages (e.g. Azure token fetches); silent without. */
  logger?: LoggerService;
  /** More strategies by authProvider name; they win over the built-in ones. */
  authStrategies?: ReadonlyMap<string, AuthenticationStrategy>;
  /** Prefixed to the pod's service-account paths, e.g. a test's temporary directory. */
  inClusterPathPrefix?: string;
  /** How long a credential is reused before its strategy is asked again; default one minute. */
  credentialTtlMs?: number;
}

/** Options of {@link createKubernetesClusterSupplier}. @public */
export interface KubernetesClusterSupplierOptions
  extends ReadKubernetesClustersOptions {
  config: Config;
  logger: LoggerService;
  /** Needed for `type: catalog` locators, read with the plugin's own credentials. */
  catalog?: CatalogService;
  auth?: AuthService;
  /** How often catalog-located clusters are re-read; default one minute. */
  refreshIntervalMs?: number;
}

const silent: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silent,
};

const GKE_REFUSAL =
  'type "gke" is not supported by AgentDeck: it lists clusters through Google\'s container API, which AgentDeck cannot test; list the GKE clusters under a type: config locator (url, caData, authProvider: googleServiceAccount) or as catalog Resources of spec.type kubernetes-cluster';

function readList(
  list: Config[],
  where: string,
  options: ReadKubernetesClustersOptions & {
    strategies: AuthStrategies;
    defaultAuthProvider?: string;
  },
  add: (c: KubernetesCluster) => void,
  problems: string[],
) {
  list.forEach((c, j) => {
    try {
      add(readConfigCluster(c, `${where}[${j}]`, options));
    } catch (e) {
      problems.push((e as Error).message);
    }
  });
}

function uniqueNames(problems: string[]) {
  const out: KubernetesCluster[] = [];
  const add = (cluster: KubernetesCluster) => {
    const other = out.find(c => c.name === cluster.name);
    if (other)
      problems.push(
        `${cluster.source} (${cluster.name}): the name is already taken by ${other.source}`,
      );
    else out.push(cluster);
  };
  return { out, add };
}

function strategiesFor(config: Config, options: ReadKubernetesClustersOptions) {
  return createAuthStrategies({
    config,
    logger: options.logger ?? silent,
    authStrategies: options.authStrategies,
    inClusterPathPrefix: options.inClusterPathPrefix,
  });
}

interface Located {
  config: KubernetesCluster[];
  catalog: Array<{ where: string; method: Config }>;
  strategies: AuthStrategies;
}

function locate(
  config: Config,
  options: ReadKubernetesClustersOptions,
): Located {
  const strategies = strategiesFor(config, options);
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const problems: string[] = [];
  const { out: located, add } = uniqueNames(problems);
  const out: Located = { config: located, catalog: [], strategies };
  methods.forEach((method, i) => {
    const where = `kubernetes.clusterLocatorMethods[${i}]`;
    const type = method.getString('type');
    if (type === 'config') {
      readList(
        method.getOptionalConfigArray('clusters') ?? [],
        `${where}.clusters`,
        { ...options, strategies },
        add,
        problems,
      );
    } else if (type === 'catalog') {
      out.catalog.push({ where, method });
    } else if (type === 'localKubectlProxy') {
      add(
        toKubernetesCluster({
          details: {
            name: 'local',
            url: 'http://localhost:8001',
            authMetadata: {
              [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy',
            },
            skipMetricsLookup: true,
          },
          source: where,
          strategy: strategies.get('localKubectlProxy')!,
          credentialTtlMs: options.credentialTtlMs,
        }),
      );
    } else if (type === 'gke') {
      problems.push(`${where}: ${GKE_REFUSAL}`);
    } else {
      problems.push(
        `${where}: type "${type}" is not a cluster locator AgentDeck knows (config, catalog, localKubectlProxy)`,
      );
    }
  });
  if (problems.length) throw new InputError(problems.join('\n'));
  return out;
}

/**
 * The clusters of the `kubernetes.clusterLocatorMethods` entries of type
 * `config` (and `localKubectlProxy`), read as Backstage's Kubernetes plugin
 * reads them, with credentials from its auth strategies. What AgentDeck cannot
 * use, in any locator, is thrown as one InputError naming each cluster and
 * field. Catalog-located clusters need {@link createKubernetesClusterSupplier}.
 * @public
 */
export function readKubernetesClusters(
  config: Config,
  options: ReadKubernetesClustersOptions = {},
): KubernetesCluster[] {
  return locate(config, options).config;
}

/**
 * Clusters listed in config under `path` with the fields and rules of a
 * `type: config` locator, e.g. `agentdeck.kubernetesApply.clusters`; an entry
 * without authProvider takes `defaultAuthProvider`.
 * @public
 */
export function readKubernetesClusterList(
  config: Config,
  path: string,
  options: ReadKubernetesClustersOptions & {
    defaultAuthProvider?: string;
  } = {},
): KubernetesCluster[] {
  const problems: string[] = [];
  const { out, add } = uniqueNames(problems);
  readList(
    config.getOptionalConfigArray(path) ?? [],
    path,
    { ...options, strategies: strategiesFor(config, options) },
    add,
    problems,
  );
  if (problems.length) throw new InputError(problems.join('\n'));
  return out;
}

/**
 * Every cluster of the `kubernetes` config section: config-located ones
 * (checked now, throwing what AgentDeck cannot use) and catalog-located ones,
 * re-read from the catalog at most every `refreshIntervalMs`.
 * @public
 */
export function createKubernetesClusterSupplier(
  options: KubernetesClusterSupplierOptions,
): KubernetesClusterSupplier {
  const located = locate(options.config, options);
  if (located.catalog.length && (!options.catalog || !options.auth))
    throw new InputError(
      `${located.catalog[0].where}: type "catalog" needs the catalog service, which this plugin was not given`,
    );
  const refreshIntervalMs = options.refreshIntervalMs ?? 60_000;
  const locators = located.catalog.map(({ where, method }) => ({
    where,
    locator: createCatalogLocator({
      method,
      where,
      catalog: options.catalog!,
      auth: options.auth!,
      logger: options.logger,
      strategies: located.strategies,
      credentialTtlMs: options.credentialTtlMs,
    }),
    last: [] as KubernetesCluster[],
  }));
  const warned = new Set<string>();
  let readAt = -Infinity;
  let reading: Promise<KubernetesCluster[]> | undefined;
  let current = located.config;

  async function read(): Promise<KubernetesCluster[]> {
    const all = [...located.config];
    for (const l of locators) {
      try {
        l.last = await l.locator.getClusters();
      } catch (e) {
        // keep watching what the catalog answered last time
        options.logger.warn(
          `${
            l.where
          }: the catalog could not be read, keeping the clusters it listed before: ${
            (e as Error).message
          }`,
        );
      }
      for (const cluster of l.last) {
        const other = all.find(c => c.name === cluster.name);
        if (!other) {
          all.push(cluster);
          continue;
        }
        const message = `${l.where}: ${cluster.source} is not watched: the cluster name "${cluster.name}" is already taken by ${other.source}`;
        if (!warned.has(message)) options.logger.warn(message);
        warned.add(message);
      }
    }
    return all;
  }

  return {
    ...(locators.length ? { refreshIntervalMs } : {}),
    configClusters: located.config,
    async getClusters() {
      if (!locators.length || Date.now() - readAt < refreshIntervalMs)
        return current;
      reading ??= read()
        .then(all => {
          current = all;
          readAt = Date.now();
          return all;
        })
        .finally(() => {
          reading = undefined;
        });
      return reading;
    },
  };
}
