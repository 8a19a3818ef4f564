import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterError,
  KUBERNETES_ID_LABEL,
} from '@agentdeck/plugin-agents-common';
import { CacheTiming } from './types';
import { createKubeClient, KubeClient } from './kubeClient';
import { createListWatch, ListWatch } from './createListWatch';
import { stripPod } from './stripPod';
import { stripDeployment, stripEvent } from './stripWorkloads';
import { stripHpa, stripScaledObject } from './stripAutoscalers';
import { Json } from './json';
import { createFailureLog } from './failureLog';
import {
  discoveryQuery,
  discoveryRules,
  DiscoveryWatchSettings,
  stripDiscoveredPod,
  stripKagentAgent,
  stripNamespace,
} from './discovery';
import {
  ClusterCache,
  ClusterConfig,
  ClusterSnapshot,
  ClusterSource,
} from './types';

/** Only Backstage-managed workloads are cached. */
const MANAGED = { labelSelector: KUBERNETES_ID_LABEL };
/** Events carry no labels: watch the ones about objects that scale. */
const EVENT_KINDS = ['HorizontalPodAutoscaler', 'Deployment', 'ScaledObject'];

interface ClusterWatches {
  client: KubeClient;
  pods: ListWatch<ReturnType<typeof stripPod>>;
  deployments: ListWatch<ReturnType<typeof stripDeployment>>;
  hpas: ListWatch<ReturnType<typeof stripHpa>>;
  scaledObjects: ListWatch<ReturnType<typeof stripScaledObject>>;
  events: Array<ListWatch<ReturnType<typeof stripEvent>>>;
  /** Discovery: namespaces (owners), kagent Agents, and per rule its workloads. */
  namespaces?: ListWatch<ReturnType<ReturnType<typeof stripNamespace>>>;
  kagentAgents?: ListWatch<ReturnType<typeof stripKagentAgent>>;
  discovered: Array<{
    source: ReturnType<typeof discoveryRules>[number]['source'];
    pods: ListWatch<ReturnType<typeof stripDiscoveredPod>>;
    deployments: ListWatch<ReturnType<typeof stripDeployment>>;
  }>;
}

function watchesOf(w: ClusterWatches): Array<ListWatch<unknown>> {
  return [
    w.pods,
    w.deployments,
    w.hpas,
    w.scaledObjects,
    ...w.events,
    ...(w.namespaces ? [w.namespaces] : []),
    ...(w.kagentAgents ? [w.kagentAgents] : []),
    ...w.discovered.flatMap(d => [d.pods, d.deployments]),
  ];
}

/**
 * `main` with every extra array's items not already in it (by namespace and
 * name), as one array that keeps its identity while its inputs keep theirs.
 */
function mergedItems<T extends { namespace: string; name: string }>() {
  let inputs: T[][] = [];
  let merged: T[] = [];
  return (main: T[], extras: T[][]): T[] => {
    if (extras.every(e => e.length === 0)) return main;
    const now = [main, ...extras];
    if (now.length === inputs.length && now.every((a, i) => a === inputs[i]))
      return merged;
    const seen = new Set(main.map(o => `${o.namespace}/${o.name}`));
    const out = [...main];
    for (const extra of extras)
      for (const o of extra) {
        const key = `${o.namespace}/${o.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(o);
      }
    inputs = now;
    merged = out;
    return out;
  };
}

/** Options of {@link createClusterCache}. */
export interface ClusterCacheOptions {
  clusters: ClusterConfig[];
  /** Re-read while running: clusters it adds are watched, those it drops or changes are stopped. */
  source?: ClusterSource;
  timing: CacheTiming;
  logger: LoggerService;
  /** Events kept per cluster and kind. */
  maxEvents?: number;
  /** Also watch what finds agents no catalog entity claims: namespaces, kagent Agents, discovery rules. */
  discovery?: DiscoveryWatchSettings;
}

/** One list+watch per resource type per cluster; page views read snapshots, never the API server. */
export function createClusterCache(
  options: ClusterCacheOptions,
): ClusterCache & { clientOf(cluster: string): KubeClient | undefined } {
  const byName = new Map<string, ClusterWatches>();
  const log = createFailureLog(options.logger);
  let started = false;

  const discovery = options.discovery;
  // per cluster: the merged pods and deployments keep their identity until an input changes
  const merges = new Map<
    string,
    {
      pods: ReturnType<typeof mergedItems<ReturnType<typeof stripPod>>>;
      deployments: ReturnType<
        typeof mergedItems<ReturnType<typeof stripDeployment>>
      >;
    }
  >();

  function watch(cluster: ClusterConfig): ClusterWatches {
    const client = createKubeClient(cluster);
    const common = { client, timing: options.timing, log };
    merges.set(cluster.name, {
      pods: mergedItems(),
      deployments: mergedItems(),
    });
    const lw = <T>(
      path: string,
      resource: string,
      strip: (raw: Json) => T,
      extra: object = {},
    ) =>
      createListWatch<T>({
        ...common,
        path,
        resource,
        query: MANAGED,
        strip,
        indexLabel: KUBERNETES_ID_LABEL,
        ...extra,
      });
    return {
      client,
      pods: lw('/api/v1/pods', 'pods', stripPod),
      deployments: lw(
        '/apis/apps/v1/deployments',
        'deployments.apps',
        stripDeployment,
      ),
      hpas: lw(
        '/apis/autoscaling/v2/horizontalpodautoscalers',
        'horizontalpodautoscalers.autoscaling',
        stripHpa,
      ),
      scaledObjects: lw(
        '/apis/keda.sh/v1alpha1/scaledobjects',
        'scaledobjects.keda.sh',
        stripScaledObject,
        {
          optional: { title: 'ScaledObjects' },
        },
      ),
      events: EVENT_KINDS.map(kind =>
        createListWatch({
          ...common,
          path: '/api/v1/events',
          resource: 'events',
          // only the scaling history needs them: a read-only role without events keeps the rest
          optional: { title: 'Events' },
          query: { fieldSelector: `involvedObject.kind=${kind}` },
          strip: stripEvent,
          maxItems: options.maxEvents ?? 1000,
        }),
      ),
      ...(discovery
        ? {
            // owners of unregistered agents: a 403 leaves them unknown, said once
            namespaces: createListWatch({
              ...common,
              path: '/api/v1/namespaces',
              resource: 'namespaces',
              optional: { title: 'Namespaces' },
              query: {},
              strip: stripNamespace(discovery.ownerKeys),
            }),
            // kagent 0.x serves v1alpha2 (and v1alpha1) since 0.6; a 404 is a cluster without kagent
            kagentAgents: createListWatch({
              ...common,
              path: '/apis/kagent.dev/v1alpha2/agents',
              resource: 'agents.kagent.dev',
              optional: {
                title: 'kagent Agents',
                discoveryPath: '/apis/kagent.dev/v1alpha2',
              },
              query: {},
              strip: stripKagentAgent,
            }),
          }
        : {}),
      discovered: discovery
        ? discoveryRules(discovery.selector).map(rule => ({
            source: rule.source,
            pods: lw('/api/v1/pods', 'pods', stripDiscoveredPod, {
              query: discoveryQuery(rule.labelSelector),
              indexLabel: undefined,
            }),
            deployments: lw(
              '/apis/apps/v1/deployments',
              'deployments.apps',
              stripDeployment,
              {
                query: discoveryQuery(rule.labelSelector),
                indexLabel: undefined,
              },
            ),
          }))
        : [],
    };
  }

  async function unwatch(w: ClusterWatches) {
    await Promise.all(watchesOf(w).map(x => x.stop()));
    w.client.close();
    merges.delete(w.client.cluster.name);
  }

  for (const cluster of options.clusters)
    byName.set(cluster.name, watch(cluster));

  /** Applies the source's current list: new clusters watched, gone or changed ones stopped. */
  async function refresh(source: ClusterSource) {
    let next: ClusterConfig[];
    try {
      next = await source.getClusters();
    } catch (e) {
      options.logger.warn(
        `Could not re-read the clusters: ${(e as Error).message}`,
      );
      return;
    }
    if (!started) return;
    const wanted = new Map(next.map(c => [c.name, c]));
    for (const [name, w] of [...byName]) {
      const c = wanted.get(name);
      if (c && c.key === w.client.cluster.key) continue;
      byName.delete(name);
      await unwatch(w);
    }
    for (const c of next) {
      if (byName.has(c.name) || !started) continue;
      const w = watch(c);
      byName.set(c.name, w);
      watchesOf(w).forEach(x => x.start());
      options.logger.info(`Watching cluster ${c.name}`);
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let refreshing: Promise<void> = Promise.resolve();
  function refreshNow(source: ClusterSource) {
    refreshing = refreshing.then(() => refresh(source));
  }

  function snapshot(name: string): ClusterSnapshot | undefined {
    const w = byName.get(name);
    if (!w) return undefined;
    const states = watchesOf(w).map(x => x.state());
    const broken = states.filter(s => !s.inSync);
    const lastSynced = broken.map(s => s.lastInSyncAt?.getTime() ?? NaN);
    const oldest = lastSynced.some(Number.isNaN)
      ? undefined
      : Math.min(...lastSynced);
    const errors = states
      .map(s => s.error)
      .filter((e): e is ClusterError => !!e);
    const merge = merges.get(name);
    const snap: ClusterSnapshot = {
      cluster: name,
      pods:
        merge?.pods(
          w.pods.items(),
          w.discovered.map(d => d.pods.items()),
        ) ?? w.pods.items(),
      deployments:
        merge?.deployments(
          w.deployments.items(),
          w.discovered.map(d => d.deployments.items()),
        ) ?? w.deployments.items(),
      hpas: w.hpas.items(),
      scaledObjects: w.scaledObjects.items(),
      // only the history collector reads events: gather them when asked
      get events() {
        return w.events.flatMap(e => e.items());
      },
      withKubernetesId: id => ({
        pods: w.pods.itemsWithLabel(id),
        deployments: w.deployments.itemsWithLabel(id),
        hpas: w.hpas.itemsWithLabel(id),
        scaledObjects: w.scaledObjects.itemsWithLabel(id),
      }),
      getDeployment: (ns, objectName) => w.deployments.get(ns, objectName),
      getHpa: (ns, objectName) => w.hpas.get(ns, objectName),
      ...(w.namespaces
        ? {
            namespaces: w.namespaces.items(),
            getNamespace: (ns: string) => w.namespaces?.get('', ns),
          }
        : {}),
      ...(w.kagentAgents ? { kagentAgents: w.kagentAgents.items() } : {}),
      ...(w.discovered.length
        ? {
            discovered: w.discovered.map(d => ({
              source: d.source,
              pods: d.pods.items(),
              deployments: d.deployments.items(),
            })),
          }
        : {}),
    };
    const now = Date.now();
    if (broken.length === 0) {
      snap.syncedAt = new Date(now).toISOString();
      snap.inSync = true;
    } else if (oldest !== undefined) {
      snap.syncedAt = new Date(oldest).toISOString();
      if (now - oldest >= options.timing.silenceMs) snap.stale = true;
    }
    const hidden = new Map<string, string>();
    watchesOf(w).forEach((x, i) => {
      const message = states[i].hidden;
      if (message) hidden.set(x.resource, message);
    });
    if (hidden.size)
      snap.notVisible = [...hidden].map(([resource, message]) => ({
        resource,
        message,
      }));
    if (errors.length) {
      errors.sort((a, b) => a.since.localeCompare(b.since));
      snap.error = errors[0];
    }
    return snap;
  }

  return {
    start() {
      started = true;
      for (const w of byName.values()) watchesOf(w).forEach(x => x.start());
      const source = options.source;
      if (!source) return;
      refreshNow(source);
      timer = setInterval(() => refreshNow(source), source.refreshIntervalMs);
      timer.unref?.();
    },
    async stop() {
      started = false;
      clearInterval(timer);
      await refreshing;
      await Promise.all([...byName.values()].map(unwatch));
    },
    clusterNames: () => [...byName.keys()],
    snapshot,
    snapshots: () => [...byName.keys()].flatMap(n => snapshot(n) ?? []),
    clientOf: name => byName.get(name)?.client,
  };
}
