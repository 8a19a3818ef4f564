import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_LABEL,
  PodReadiness,
} from '@agentdeck/plugin-agents-common';
import { PodProxy, PodProxyRequest } from '../types';
import { ClusterCache, CachedPod } from '../ClusterCache';
import {
  InFlightLimit,
  RequestPriority,
  REQUEST_PRIORITIES,
} from '../RequestBudget/types';
import { AgentIndex, indexAgents, readAgentIndex } from './agentIndex';
import { LastFetch, planFetch } from './fetchPlan';
import { parseReadyz } from './parseReadyz';
import { safeText } from './redactSecrets';
import { ReadinessHandover } from './handover';
import { ReadinessService, ReadinessSettings } from './types';

interface Entry extends LastFetch {
  readiness: PodReadiness;
}

interface Pending {
  priority: RequestPriority;
  abort: AbortController;
}

/** Options of {@link createReadinessService}. */
export interface ReadinessServiceOptions {
  cache: ClusterCache;
  /**
   * The request budget's proxy: it orders the fetches by their `schedule` and
   * holds them to `concurrency` and `maxPerAgent`; another proxy does neither.
   */
  proxy: PodProxy;
  settings: ReadinessSettings;
  logger: LoggerService;
  /** Catalog Agents: only their pods are fetched. Read at start and every `agentsRefreshMs`. */
  listAgents?: () => Promise<Entity[]>;
  /** Agents someone has open: only theirs get ready pods refreshed. */
  viewed?: { has(entityRef: string): boolean };
  /** How often the cache is scanned for due pods; scanning makes no calls. */
  scanMs?: number;
  agentsRefreshMs?: number;
}

const keyOf = (cluster: string, ns: string, pod: string) =>
  `${cluster}/${ns}/${pod}`;
const rank = (p: RequestPriority) => REQUEST_PRIORITIES.indexOf(p);

/**
 * Fetches the `/readyz` of catalog Agents' running pods through the pod
 * proxy when they are worth it (see {@link planFetch}), most urgent first.
 */
export function createReadinessService(
  opts: ReadinessServiceOptions,
): ReadinessService & ReadinessHandover {
  const { settings, logger } = opts;
  const results = new Map<string, Entry>();
  const pending = new Map<string, Pending>();
  const inFlight = new Set<Promise<void>>();
  /** Since when pods with a freshness target have been due: for `behind`. */
  const dueSince = new Map<string, number>();
  const limit: InFlightLimit = {
    total: settings.concurrency,
    perLane:
      settings.maxPerAgent ?? Math.max(1, Math.ceil(settings.concurrency / 2)),
  };
  let agents: AgentIndex | undefined;
  const revisions = new Map<string, number>();
  let revision = 0;
  const bump = (cluster: string, pod: CachedPod) => {
    const id = pod.labels[KUBERNETES_ID_LABEL];
    if (id !== undefined) revisions.set(`${cluster}\n${id}`, ++revision);
  };
  let timers: NodeJS.Timeout[] = [];
  let stopped = false;

  async function fetchOne(
    cluster: string,
    pod: CachedPod,
    schedule: NonNullable<PodProxyRequest['schedule']>,
  ) {
    if (stopped || schedule.signal?.aborted) return;
    const started = Date.now();
    let readiness: PodReadiness;
    try {
      const res = await opts.proxy.get({
        cluster,
        namespace: pod.namespace,
        pod: pod.name,
        port: pod.readyz!.port,
        path: pod.readyz!.path,
        timeoutMs: settings.timeoutMs,
        maxBytes: settings.maxBytes,
        schedule,
      });
      readiness = parseReadyz(res.status, res.body, new Date());
    } catch (e) {
      if (schedule.signal?.aborted || stopped) return;
      // transport errors can quote what the pod sent
      const error = safeText(e instanceof Error ? e.message : String(e), 300);
      readiness = { fetchedAt: new Date().toISOString(), checks: [], error };
    }
    const key = keyOf(cluster, pod.namespace, pod.name);
    bump(cluster, pod);
    // no breakdown at all (403, a crash-looping container, garbage): back off
    const failed = readiness.checks.length === 0 && !!readiness.error;
    const failures = failed ? (results.get(key)?.failures ?? 0) + 1 : 0;
    results.set(key, {
      readiness,
      podReady: pod.ready,
      fetchedAtMs: started,
      failures,
    });
    dueSince.delete(key);
  }

  function enqueue(
    key: string,
    cluster: string,
    pod: CachedPod,
    lane: string,
    priority: RequestPriority,
  ) {
    const abort = new AbortController();
    pending.set(key, { priority, abort });
    const schedule = { lane, priority, signal: abort.signal, limit };
    const p = fetchOne(cluster, pod, schedule)
      .catch(e => logger.warn(`readiness of ${key} failed: ${e}`))
      .finally(() => {
        inFlight.delete(p);
        if (pending.get(key)?.abort === abort) pending.delete(key);
      });
    inFlight.add(p);
  }

  function scan() {
    if (!agents) return;
    const now = Date.now();
    const live = new Set<string>();
    for (const snap of opts.cache.snapshots()) {
      for (const pod of snap.pods) {
        if (pod.phase !== 'Running' || pod.deleting || !pod.readyz) continue;
        const refs = agents.agentsOf(pod);
        if (refs.length === 0) continue;
        const key = keyOf(snap.cluster, pod.namespace, pod.name);
        live.add(key);
        const viewed = refs.some(r => opts.viewed?.has(r) ?? false);
        const plan = planFetch(results.get(key), pod, viewed, settings, now);
        if (plan.forget) {
          results.delete(key);
          bump(snap.cluster, pod);
        }
        if (plan.due && plan.targeted)
          dueSince.set(key, dueSince.get(key) ?? now);
        else dueSince.delete(key);
        if (!plan.due) continue;
        const waiting = pending.get(key);
        if (waiting && rank(waiting.priority) <= rank(plan.priority)) continue;
        // more urgent than where it waits: it moves up rather than waits twice
        waiting?.abort.abort();
        enqueue(key, snap.cluster, pod, refs[0], plan.priority);
      }
    }
    // gone pods leave the queue at once and their answers are forgotten
    for (const [key, p] of pending) {
      if (live.has(key)) continue;
      p.abort.abort();
      pending.delete(key);
    }
    // a pod that is gone leaves its agent's bucket in the cache: that alone changes the agent's model
    for (const key of results.keys()) if (!live.has(key)) results.delete(key);
    for (const key of dueSince.keys()) if (!live.has(key)) dueSince.delete(key);
  }

  async function refreshAgents() {
    agents = (await readAgentIndex(opts.listAgents, logger)) ?? agents;
  }

  const every = (ms: number, fn: () => unknown) =>
    timers.push(setInterval(fn, ms));

  return {
    get: (cluster, ns, pod) => results.get(keyOf(cluster, ns, pod))?.readiness,
    revision: (cluster, id) => revisions.get(`${cluster}\n${id}`) ?? 0,
    record: (cluster, ns, pod) => results.get(keyOf(cluster, ns, pod)),
    resume(records) {
      results.clear();
      for (const { cluster, namespace, pod, ...entry } of records)
        results.set(keyOf(cluster, namespace, pod), entry);
    },
    setAgents(entities) {
      agents = indexAgents(entities);
    },
    behind(cluster, ns, pod, now = Date.now()) {
      // asked for every pod of every agent by the overview: most often nothing is due
      if (dueSince.size === 0) return false;
      const since = dueSince.get(keyOf(cluster, ns, pod));
      return (
        since !== undefined && now - since > settings.intervalSeconds * 1000
      );
    },
    start() {
      if (timers.length) return;
      stopped = false;
      void refreshAgents();
      every(opts.agentsRefreshMs ?? 60_000, refreshAgents);
      every(opts.scanMs ?? 1000, () => {
        try {
          scan();
        } catch (e) {
          logger.warn(`readiness scan failed: ${e}`);
        }
      });
    },
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      timers = [];
      pending.forEach(p => p.abort.abort());
      pending.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
