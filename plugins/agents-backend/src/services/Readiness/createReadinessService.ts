import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KUBERNETES_ID_LABEL,
  PodReadiness,
} from '@agentdeck/plugin-agents-common';
import { PodProxy } from '../types';
import { ClusterCache, CachedPod } from '../ClusterCache';
import { createFairLimiter } from './createFairLimiter';
import { parseReadyz } from './parseReadyz';
import { safeText } from './redactSecrets';
import { ReadinessService, ReadinessSettings } from './types';

interface Entry {
  readiness: PodReadiness;
  /** The pod's Ready condition when fetched: a change asks for a fresh breakdown at once. */
  podReady: boolean;
  fetchedAtMs: number;
  /** Fetches in a row that failed (timeout, oversized answer): each doubles the wait. */
  failures: number;
}

/** Options of {@link createReadinessService}. */
export interface ReadinessServiceOptions {
  cache: ClusterCache;
  proxy: PodProxy;
  settings: ReadinessSettings;
  logger: LoggerService;
  /** How often the cache is scanned for due pods; scanning makes no calls. */
  scanMs?: number;
}

const keyOf = (cluster: string, ns: string, pod: string) =>
  `${cluster}/${ns}/${pod}`;
// pods of one agent share a lane of the fair limiter
const laneOf = (pod: CachedPod) =>
  `${pod.namespace}/${
    pod.labels[KUBERNETES_ID_LABEL] ?? pod.workload ?? pod.name
  }`;
const MAX_BACKOFF_FACTOR = 16;

/** Fetches running pods' `/readyz` through the pod proxy on an interval, bounded and cached. */
export function createReadinessService(
  opts: ReadinessServiceOptions,
): ReadinessService {
  const { settings } = opts;
  const results = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<void>>();
  const limiter = createFairLimiter(
    settings.concurrency,
    settings.maxPerAgent ?? Math.max(1, Math.ceil(settings.concurrency / 2)),
  );
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function fetchOne(
    cluster: string,
    pod: CachedPod,
    port: number,
    path: string,
  ) {
    if (stopped) return;
    const started = Date.now();
    let readiness: PodReadiness;
    let failed = false;
    try {
      const res = await opts.proxy.get({
        cluster,
        namespace: pod.namespace,
        pod: pod.name,
        port,
        path,
        timeoutMs: settings.timeoutMs,
        maxBytes: settings.maxBytes,
      });
      readiness = parseReadyz(res.status, res.body, new Date());
    } catch (e) {
      failed = true;
      // transport errors can quote what the pod sent
      const error = safeText(e instanceof Error ? e.message : String(e), 300);
      readiness = { fetchedAt: new Date().toISOString(), checks: [], error };
    }
    const key = keyOf(cluster, pod.namespace, pod.name);
    const failures = failed ? (results.get(key)?.failures ?? 0) + 1 : 0;
    results.set(key, {
      readiness,
      podReady: pod.ready,
      fetchedAtMs: started,
      failures,
    });
  }

  function scan() {
    const now = Date.now();
    const live = new Set<string>();
    for (const snap of opts.cache.snapshots()) {
      for (const pod of snap.pods) {
        if (pod.phase !== 'Running' || pod.deleting || !pod.readyz) continue;
        const key = keyOf(snap.cluster, pod.namespace, pod.name);
        live.add(key);
        const entry = results.get(key);
        const interval =
          (pod.ready
            ? settings.readyIntervalSeconds
            : settings.intervalSeconds) * 1000;
        const backoff = entry?.failures
          ? Math.min(2 ** (entry.failures - 1), MAX_BACKOFF_FACTOR)
          : 1;
        // a pod that keeps failing waits out its back-off even when Ready flips
        const flipped = entry?.podReady !== pod.ready && !entry?.failures;
        const due =
          !entry || flipped || now - entry.fetchedAtMs >= interval * backoff;
        if (!due || inFlight.has(key)) continue;
        const { port, path } = pod.readyz;
        const p = limiter
          .run(snap.cluster, laneOf(pod), () =>
            fetchOne(snap.cluster, pod, port, path),
          )
          .finally(() => inFlight.delete(key));
        inFlight.set(key, p);
      }
    }
    for (const key of results.keys()) if (!live.has(key)) results.delete(key);
  }

  return {
    get: (cluster, ns, pod) => results.get(keyOf(cluster, ns, pod))?.readiness,
    start() {
      if (timer) return;
      stopped = false;
      timer = setInterval(() => {
        try {
          scan();
        } catch (e) {
          opts.logger.warn(`readiness scan failed: ${e}`);
        }
      }, opts.scanMs ?? 1000);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
