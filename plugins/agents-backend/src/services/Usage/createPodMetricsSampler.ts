import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PodStatus,
  UsageRejectionCause,
} from '@agentdeck/plugin-agents-common';
import { safeText } from '../Readiness/redactSecrets';
import { AgentStatusService, PodProxy, PodProxyRequest } from '../types';
import { PlausibilityLimits, planCounters, usageOfPlan } from './counterPlan';
import { PodKey, PodMetricsStore } from './podMetricsStore';
import { readUsagePage } from './readUsagePage';
import { SampleCoverage, UsageSettings } from './types';
import {
  createRejectionLog,
  DEFAULT_PLAUSIBILITY,
  podMetricsLimits,
} from './usageLimits';

/** Dependencies of the pod-metrics sampler. @public */
export interface PodMetricsSamplerDeps {
  store: PodMetricsStore;
  status: AgentStatusService;
  podProxy: PodProxy;
  logger: LoggerService;
  settings: UsageSettings['podMetrics'];
  plausibility?: PlausibilityLimits;
  /** Agents someone has open: sampled first, and ahead of others in the request budget. */
  viewed?: { has(entityRef: string): boolean };
  now?: () => number;
}

/**
 * An agent no catalog entity claims, sampled too: its pods (with where they
 * say their metrics are), its usage stored under `key`. @public
 */
export interface UnregisteredSampleTarget {
  /** `unregistered:<cluster>/<namespace>/<name>`. */
  key: string;
  cluster: string;
  pods: Array<
    Pick<PodStatus, 'name' | 'namespace' | 'restarts' | 'createdAt'> & {
      /** From `prometheus.io/port` and `prometheus.io/path`: where its metrics are, if not at podMetrics.port/path. */
      metrics?: { port: number; path?: string };
    }
  >;
}

type SampledPod = UnregisteredSampleTarget['pods'][number];

/** A pod left out of a sample. @public */
export type RejectedPod = PodKey & { cause: UsageRejectionCause };

// A counter that falls back twice within this many samples is toggling.
const RESET_WINDOW_SAMPLES = 10;

/**
 * Samples token and cost counters from every agent pod's `/metrics` and
 * stores their increase, so usage windows work without Prometheus. A page
 * past its limits, or counters that are not plausible, are left out and
 * reported, never ingested.
 * @public
 */
export function createPodMetricsSampler(deps: PodMetricsSamplerDeps) {
  const { store, status, podProxy, logger, settings } = deps;
  const now = deps.now ?? Date.now;
  const limits = podMetricsLimits(settings);
  const intervalMs = settings.sampleIntervalSeconds * 1000;
  const warnOnce = createRejectionLog(logger, limits);
  const coverage = new Map<string, SampleCoverage>();
  // One warning per agent and hour while its pods cannot be sampled: debug hid them before.
  const warnedAt = new Map<string, number>();

  // A pod first seen shortly after it started has all its tokens still to
  // count; an older one was running before we looked, so it is a baseline.
  const youngSince = (pod: SampledPod, at: number) => {
    const created =
      pod.createdAt === undefined ? NaN : Date.parse(pod.createdAt);
    return at - created <= 2 * intervalMs ? created : undefined;
  };

  function report(key: PodKey, causes: UsageRejectionCause[]): RejectedPod[] {
    const what = `${key.entityRef} pod ${key.cluster}/${key.namespace}/${key.pod}`;
    causes.forEach(cause => warnOnce(what, cause));
    return causes.map(cause => ({ ...key, cause }));
  }

  // Where the pod's request waits in its cluster's budget: the agent's lane.
  const proxyFor = (entityRef: string) => {
    const priority = deps.viewed?.has(entityRef) ? 'viewed' : 'background';
    return {
      get: (req: PodProxyRequest) =>
        podProxy.get({ ...req, schedule: { lane: entityRef, priority } }),
    };
  };

  // Viewed agents first, then the longest unsampled: a pass the budget cuts
  // short leaves others for the next one instead of always the same agents.
  // Unregistered agents are never viewed: they wait at background priority.
  const inOrder = (
    entities: Entity[],
    unregistered: UnregisteredSampleTarget[],
  ) =>
    [
      ...entities.map(entity => {
        const ref = stringifyEntityRef(entity);
        return {
          ref,
          clusters: () => status.getModel(entity).clusters,
          viewed: deps.viewed?.has(ref) ? 0 : 1,
        };
      }),
      ...unregistered.map(t => ({
        ref: t.key,
        clusters: () => [{ cluster: t.cluster, pods: t.pods }],
        viewed: 1,
      })),
    ]
      .map(a => ({ ...a, last: coverage.get(a.ref)?.sampledAt ?? -1 }))
      .sort((a, b) => a.viewed - b.viewed || a.last - b.last);

  async function samplePod(
    key: PodKey,
    pod: SampledPod,
    at: number,
  ): Promise<RejectedPod[]> {
    const page = await readUsagePage(
      proxyFor(key.entityRef),
      key,
      pod.metrics
        ? {
            ...settings,
            port: pod.metrics.port,
            path: pod.metrics.path ?? settings.path,
          }
        : settings,
      limits,
    );
    if ('refused' in page) {
      await store.mark(key, at, { rejected: [page.refused] });
      return report(key, [page.refused]);
    }
    const state = await store.podState(key);
    const plan = planCounters({
      counters: page.counters,
      state,
      restarts: pod.restarts,
      at,
      firstSinceMs: youngSince(pod, at),
      intervalMs,
      resetWindowMs: RESET_WINDOW_SAMPLES * intervalMs,
      limits: deps.plausibility ?? DEFAULT_PLAUSIBILITY,
    });
    const won = await store.advance(key, plan.advances, at);
    await store.addIncrements(
      key.entityRef,
      at,
      usageOfPlan(plan, won, page.counters),
    );
    // an idle counter never advances: without this, cleanup would drop it and
    // the next change would be taken for a fresh baseline, losing its tokens
    await store.touch(key, at);
    const restarts = pod.restarts !== state.restarts ? pod.restarts : undefined;
    await store.mark(key, at, {
      resets: plan.resets,
      restarts,
      rejected: plan.flags,
    });
    return report(key, plan.flags);
  }

  return {
    /**
     * One pass over the agents, and the unregistered agents given; an aborted
     * pass stops between agents.
     */
    async sample(
      entities: Entity[],
      signal?: AbortSignal,
      unregistered: UnregisteredSampleTarget[] = [],
    ): Promise<{ pods: number; errors: string[]; rejected: RejectedPod[] }> {
      const errors: string[] = [];
      const rejected: RejectedPod[] = [];
      let pods = 0;
      for (const agent of inOrder(entities, unregistered)) {
        if (signal?.aborted) break;
        const entityRef = agent.ref;
        try {
          const clusters = agent.clusters();
          const at = now();
          const pass: SampleCoverage = {
            at,
            sampled: 0,
            failed: 0,
            sampledAt: coverage.get(entityRef)?.sampledAt,
          };
          const jobs = clusters.flatMap(c =>
            c.pods.map(pod => {
              const key = {
                entityRef,
                cluster: c.cluster,
                namespace: pod.namespace,
                pod: pod.name,
              };
              return samplePod(key, pod, at).then(
                r => {
                  rejected.push(...r);
                  return true;
                },
                (e: Error) => {
                  const text = `pod ${c.cluster}/${pod.name}: ${safeText(
                    e.message,
                    300,
                  )}`;
                  errors.push(`${entityRef} ${text}`);
                  pass.firstError ??= text;
                  return false;
                },
              );
            }),
          );
          const results = await Promise.all(jobs);
          pass.sampled = results.filter(Boolean).length;
          pass.failed = results.length - pass.sampled;
          pods += pass.sampled;
          if (pass.sampled > 0) pass.sampledAt = now();
          coverage.set(entityRef, pass);
          if (
            pass.failed > 0 &&
            pass.sampled === 0 &&
            at - (warnedAt.get(entityRef) ?? -Infinity) >= 3600_000
          ) {
            warnedAt.set(entityRef, at);
            logger.warn(
              `Usage of ${entityRef} is unknown: none of its ${pass.failed} pods could be sampled through the API server's pod proxy; first: ${pass.firstError}. Check that AgentDeck may get pods/proxy in that namespace, or configure agents.usage.prometheus.`,
            );
          }
        } catch (e) {
          errors.push(`${entityRef}: ${safeText((e as Error).message, 300)}`);
        }
      }
      if (errors.length > 0) {
        logger.debug(
          `Pod metrics sampling: ${errors.length} failures, first: ${errors[0]}`,
        );
      }
      return { pods, errors, rejected };
    },

    /** What the last pass reached for one agent, for answers that must not read "$0". */
    coverage: (entityRef: string) => coverage.get(entityRef),

    /** Keeps increments for the retention (at least a month, for budgets) and forgets gone pods. */
    async cleanup(retentionDays: number) {
      const day = 24 * 3600 * 1000;
      return store.deleteOlderThan(
        now() - Math.max(retentionDays, 32) * day,
        now() - day,
      );
    },
  };
}

/** The sampler's API. @public */
export type PodMetricsSampler = ReturnType<typeof createPodMetricsSampler>;
