import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { PodReadiness } from '@agentdeck/plugin-agents-common';
import { ClusterCache } from '../ClusterCache';
import {
  createPrometheusClient,
  PrometheusClient,
  PrometheusError,
} from '../Usage/prometheusClient';
import { AgentIndex, indexAgents, readAgentIndex } from './agentIndex';
import {
  groupSeries,
  READINESS_METRIC,
  readinessQuery,
  seriesKey,
} from './readinessSeries';
import { ReadinessService, ReadinessSettings } from './types';

/** Options of {@link createPrometheusReadiness}. */
export interface PrometheusReadinessOptions {
  cache: ClusterCache;
  /** `prometheus` must be set: it says where to query. */
  settings: ReadinessSettings;
  logger: LoggerService;
  /** Catalog Agents: only their pods get a breakdown. Read at start and every `agentsRefreshMs`. */
  listAgents?: () => Promise<Entity[]>;
  /** Another client than one built from `settings.prometheus`. */
  client?: PrometheusClient;
  agentsRefreshMs?: number;
}

interface Tracked {
  cluster: string;
  namespace: string;
  pod: string;
}

const keyOf = (cluster: string, ns: string, pod: string) =>
  `${cluster}/${ns}/${pod}`;

/** The address without credentials or query, for the server log. */
function printable(baseUrl: string) {
  try {
    const u = new URL(baseUrl);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(an unparsable URL)';
  }
}

/**
 * Readiness breakdowns of catalog Agents' running pods from the agents'
 * `agent_readiness_check{check}` gauge: one instant query to Prometheus
 * every `prometheus.intervalSeconds`, never a request through the pod
 * proxy. A pod without series has no breakdown; while Prometheus cannot
 * answer, each pod says so.
 */
export function createPrometheusReadiness(
  opts: PrometheusReadinessOptions,
): ReadinessService {
  const { settings, logger } = opts;
  const prom = settings.prometheus;
  if (!prom) throw new Error('createPrometheusReadiness needs prometheus');
  const client =
    opts.client ??
    // no logger: an outage is logged here, once, not at every query
    createPrometheusClient({
      baseUrl: prom.baseUrl,
      timeoutMs: prom.timeoutMs,
    });
  const where = printable(prom.baseUrl);
  const results = new Map<string, PodReadiness>();
  let tracked = new Set<string>();
  let agents: AgentIndex | undefined;
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<void> | undefined;
  let startedAt = Date.now();
  /** When Prometheus last answered: pods are behind once that is too long ago. */
  let answeredAt: number | undefined;
  let outage = false;
  const refusedLogged = new Set<string>();

  /** Running pods of catalog Agents, as the cache has them now. */
  function agentPods(): Tracked[] {
    const out: Tracked[] = [];
    if (!agents) return out;
    for (const snap of opts.cache.snapshots()) {
      for (const pod of snap.pods) {
        if (pod.phase !== 'Running' || pod.deleting) continue;
        if (agents.agentsOf(pod).length === 0) continue;
        out.push({
          cluster: snap.cluster,
          namespace: pod.namespace,
          pod: pod.name,
        });
      }
    }
    return out;
  }

  function logRefusal(key: string, why: string) {
    const id = `${key} ${why}`;
    if (refusedLogged.has(id)) return;
    if (refusedLogged.size > 10_000) refusedLogged.clear();
    refusedLogged.add(id);
    logger.warn(
      `Readiness of ${key} from Prometheus left out: ${why} (${READINESS_METRIC})`,
    );
  }

  async function pass() {
    const pods = agentPods();
    tracked = new Set(pods.map(p => keyOf(p.cluster, p.namespace, p.pod)));
    for (const key of results.keys())
      if (!tracked.has(key)) results.delete(key);
    if (pods.length === 0) return;
    const now = Date.now();
    const namespaces = [...new Set(pods.map(p => p.namespace))];
    let series;
    try {
      series = await client.query(
        readinessQuery(namespaces, prom!.clusterLabel),
        now,
      );
    } catch (e) {
      // PrometheusError says why without the address; anything else is ours
      const error =
        e instanceof PrometheusError
          ? e.message
          : 'Prometheus answered something unreadable';
      if (!outage)
        logger.warn(
          `Readiness from Prometheus at ${where} unavailable, pods show it unknown until it answers: ${
            e instanceof Error ? e.message : String(e)
          }`,
        );
      outage = true;
      const at = new Date().toISOString();
      for (const key of tracked) {
        // a breakdown younger than its target outlives a blip
        const last = results.get(key);
        const age = last && now - Date.parse(last.fetchedAt);
        if (last && !last.error && age! < settings.intervalSeconds * 1000)
          continue;
        results.set(key, { fetchedAt: at, checks: [], error });
      }
      return;
    }
    if (outage) logger.info(`Readiness from Prometheus at ${where} recovered`);
    outage = false;
    answeredAt = now;
    if (series.length > prom!.maxSeries) {
      const error = `Prometheus answered more than ${
        prom!.maxSeries
      } readiness series (agents.readiness.prometheus.maxSeries)`;
      // worded without the count, so a growing answer is logged once
      logRefusal('all pods', `more than ${prom!.maxSeries} series`);
      for (const key of tracked)
        results.set(key, {
          fetchedAt: new Date(now).toISOString(),
          checks: [],
          error,
        });
      return;
    }
    const byPod = groupSeries(series, prom!.clusterLabel);
    for (const p of pods) {
      const key = keyOf(p.cluster, p.namespace, p.pod);
      const found = byPod.get(
        seriesKey(prom!.clusterLabel ? p.cluster : '', p.namespace, p.pod),
      );
      if (!found) {
        // no series: unknown, never the pod proxy
        results.delete(key);
      } else if ('refused' in found) {
        logRefusal(key, found.refused);
        results.set(key, {
          fetchedAt: new Date(now).toISOString(),
          checks: [],
          error: `its ${READINESS_METRIC} series were refused: ${found.refused}`,
        });
      } else {
        const sampled = found.sampledAtMs;
        // a sample from the future is a clock problem, not a fresher answer
        const at =
          sampled !== undefined && sampled > 0 && sampled <= now + 60_000
            ? sampled
            : now;
        results.set(key, {
          fetchedAt: new Date(at).toISOString(),
          checks: found.checks,
        });
      }
    }
  }

  function tick() {
    if (running) return;
    running = pass()
      .catch(e => logger.warn(`Readiness from Prometheus failed: ${e}`))
      .finally(() => {
        running = undefined;
      });
  }

  async function refreshAgents() {
    agents = (await readAgentIndex(opts.listAgents, logger)) ?? agents;
  }

  return {
    get: (cluster, ns, pod) => results.get(keyOf(cluster, ns, pod)),
    setAgents(entities) {
      agents = indexAgents(entities);
    },
    behind(cluster, ns, pod, now = Date.now()) {
      if (!tracked.has(keyOf(cluster, ns, pod))) return false;
      // the target plus one interval, as for the pod proxy's fetches
      return now - (answeredAt ?? startedAt) > settings.intervalSeconds * 2000;
    },
    start() {
      if (timers.length) return;
      startedAt = Date.now();
      void refreshAgents().then(tick);
      timers.push(
        setInterval(refreshAgents, opts.agentsRefreshMs ?? 60_000),
        setInterval(tick, prom.intervalSeconds * 1000),
      );
    },
    async stop() {
      timers.forEach(clearInterval);
      timers = [];
      await running;
    },
  };
}
