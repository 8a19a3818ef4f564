import {
  UsageRejection,
  UsageRejectionCause,
} from '@agentdeck/plugin-agents-common';
import { PlausibilityLimits } from './counterPlan';
import { PromSeries } from './prometheusClient';

/** A pod's key in series grouped by namespace and pod. */
export const podOfSeries = (m: Record<string, string>) =>
  `${m.namespace ?? ''}/${m.pod ?? ''}`;

/**
 * Pods whose increase over `rangeMs` is not a number, negative, or beyond
 * the ceilings (tokens of all series of the pod, or dollars) at any step.
 * Prometheus counts every fall of a counter as a reset, so a toggling or
 * lying counter shows here as an implausible increase.
 */
export function screenPods(
  tokens: PromSeries[],
  cost: PromSeries[],
  rangeMs: number,
  limits: PlausibilityLimits,
  rejected = new Map<string, UsageRejectionCause>(),
): Map<string, UsageRejectionCause> {
  const minutes = Math.max(rangeMs, 60_000) / 60_000;
  const sums = new Map<string, { pod: string; tokens: number; cost: number }>();
  const add = (series: PromSeries[], field: 'tokens' | 'cost') => {
    for (const s of series) {
      const key = podOfSeries(s.metric);
      for (const [t, v] of s.values) {
        if (!Number.isFinite(v)) rejected.set(key, 'non-finite');
        const at = `${key}|${t}`;
        const sum = sums.get(at) ?? { pod: key, tokens: 0, cost: 0 };
        sums.set(at, sum);
        sum[field] += v;
      }
    }
  };
  add(tokens, 'tokens');
  add(cost, 'cost');
  for (const s of sums.values()) {
    if (rejected.has(s.pod)) continue;
    const tooMany = s.tokens > limits.maxTokensPerPodPerMinute * minutes;
    if (
      s.tokens < 0 ||
      s.cost < 0 ||
      tooMany ||
      s.cost > limits.maxCostUsdPerPodPerMinute * minutes
    ) {
      rejected.set(s.pod, 'implausible');
    }
  }
  return rejected;
}

/** Drops the series of rejected pods. */
export const keepPlausible = (
  series: PromSeries[],
  rejected: Map<string, unknown>,
) =>
  rejected.size
    ? series.filter(s => !rejected.has(podOfSeries(s.metric)))
    : series;

/** Rejected pods as the usage answer lists them. */
export function toRejections(
  rejected: Map<string, UsageRejectionCause>,
  at: number,
): UsageRejection[] {
  return [...rejected].map(([key, cause]) => {
    const [namespace, pod] = key.split('/');
    return {
      ...(namespace ? { namespace } : {}),
      pod: pod ?? '',
      cause,
      at: new Date(at).toISOString(),
    };
  });
}
