import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { PodStatus } from '@agentdeck/plugin-agents-common';
import { AgentStatusService, PodProxy } from '../types';
import { parseExposition } from './exposition';
import { counterIncrease, extractCounters } from './podCounters';
import { PodKey, PodMetricsStore } from './podMetricsStore';
import { RawModelUsage, UsageSettings } from './types';

/** Dependencies of the pod-metrics sampler. @public */
export interface PodMetricsSamplerDeps {
  store: PodMetricsStore;
  status: AgentStatusService;
  podProxy: PodProxy;
  logger: LoggerService;
  settings: UsageSettings['podMetrics'];
  now?: () => number;
}

const MAX_BYTES = 2 * 1024 * 1024;

/**
 * Samples token and cost counters from every agent pod's `/metrics` and
 * stores their increase, so usage windows work without Prometheus.
 * @public
 */
export function createPodMetricsSampler(deps: PodMetricsSamplerDeps) {
  const { store, status, podProxy, logger, settings } = deps;
  const now = deps.now ?? Date.now;

  // A pod first seen shortly after it started has all its tokens still to
  // count; an older one was running before we looked, so it is a baseline.
  const isNew = (pod: PodStatus, at: number) =>
    pod.createdAt !== undefined &&
    at - Date.parse(pod.createdAt) <= 2 * settings.sampleIntervalSeconds * 1000;

  async function samplePod(key: PodKey, pod: PodStatus, at: number) {
    const res = await podProxy.get({
      cluster: key.cluster,
      namespace: key.namespace,
      pod: key.pod,
      port: settings.port,
      path: settings.path,
      timeoutMs: 5000,
      maxBytes: MAX_BYTES,
    });
    if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
    const counters = extractCounters(parseExposition(res.body));
    const previous = await store.counters(key);
    const byModel = new Map<string, RawModelUsage>();
    for (const [series, value] of counters) {
      const prev = previous.get(series);
      if (prev === value) continue;
      const firstSeen = isNew(pod, at) ? value : 0;
      const inc = prev === undefined ? firstSeen : counterIncrease(prev, value);
      if (!(await store.advance(key, series, prev, value, at)) || inc === 0) continue;
      const [kind, model = 'unknown', dir] = series.split('|');
      const u = byModel.get(model) ?? { model, inputTokens: 0, outputTokens: 0 };
      byModel.set(model, u);
      if (kind === 'cost') u.costUsd = (u.costUsd ?? 0) + inc;
      else if (dir === 'input') u.inputTokens += inc;
      else u.outputTokens += inc;
    }
    // Models that have a cost counter but no cost this round still count as metric-priced.
    for (const u of byModel.values()) {
      if (u.costUsd === undefined && counters.has(`cost|${u.model}`)) u.costUsd = 0;
    }
    await store.addIncrements(key.entityRef, at, [...byModel.values()]);
    // an idle counter never advances: without this, cleanup would drop it and
    // the next change would be taken for a fresh baseline, losing its tokens
    await store.touch(key, at);
  }

  return {
    async sample(entities: Entity[]): Promise<{ pods: number; errors: string[] }> {
      const errors: string[] = [];
      let pods = 0;
      for (const entity of entities) {
        const entityRef = stringifyEntityRef(entity);
        try {
          const agent = await status.getStatus(entity);
          const at = now();
          const jobs = agent.clusters.flatMap(c =>
            c.pods.map(pod => {
              const key = { entityRef, cluster: c.cluster, namespace: pod.namespace, pod: pod.name };
              return samplePod(key, pod, at).then(
                () => true,
                (e: Error) => {
                  errors.push(`${entityRef} pod ${pod.name}: ${e.message}`);
                  return false;
                },
              );
            }),
          );
          pods += (await Promise.all(jobs)).filter(Boolean).length;
        } catch (e) {
          errors.push(`${entityRef}: ${(e as Error).message}`);
        }
      }
      if (errors.length > 0) {
        logger.debug(`Pod metrics sampling: ${errors.length} failures, first: ${errors[0]}`);
      }
      return { pods, errors };
    },

    /** Keeps increments for the retention (at least a month, for budgets) and forgets gone pods. */
    async cleanup(retentionDays: number) {
      const day = 24 * 3600 * 1000;
      return store.deleteOlderThan(now() - Math.max(retentionDays, 32) * day, now() - day);
    },
  };
}

/** The sampler's API. @public */
export type PodMetricsSampler = ReturnType<typeof createPodMetricsSampler>;
