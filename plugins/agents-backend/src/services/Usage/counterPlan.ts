import { UsageRejectionCause } from '@agentdeck/plugin-agents-common';
import { PodCounters } from './podCounters';
import { RawModelUsage } from './types';

/** What the database remembers of one pod's counters. */
export interface PodCounterState {
  values: Map<string, number>;
  /** Per series: resets without a container restart, and when the last one was seen. */
  resets: Map<string, { count: number; at: number }>;
  /** The pod's container restarts when last sampled. */
  restarts?: number;
  /** When the pod's counters were last seen. */
  lastAt?: number;
  /** The pod was sampled before: a series it shows for the first time is all new. */
  sampledBefore: boolean;
}

/** Ceilings of what one pod may plausibly use. @public */
export interface PlausibilityLimits {
  maxTokensPerPodPerMinute: number;
  maxCostUsdPerPodPerMinute: number;
}

/** The work one sample of one pod amounts to. */
export interface CounterPlan {
  /** Counter moves to compare-and-set; only the increments of those won count. */
  advances: Array<{ series: string; previous?: number; value: number }>;
  /** Increment per series (tokens or dollars) once its move is won. */
  increments: Map<string, number>;
  /** Reset markers to store. */
  resets: Array<{ series: string; count: number }>;
  flags: UsageRejectionCause[];
}

/**
 * Turns one pod's counters into increments since the last sample. A counter
 * that went down was reset: after a container restart always, otherwise once
 * within `resetWindowMs`; a series that keeps falling back is toggling and
 * ignored while it does. A pod whose increments exceed the ceilings for the
 * time since its last sample counts nothing this time; its counters still
 * move on, so the jump is not counted later either.
 */
export function planCounters(input: {
  counters: PodCounters;
  state: PodCounterState;
  restarts?: number;
  at: number;
  /** A pod first seen young: everything its counters show is new. */
  firstSinceMs?: number;
  intervalMs: number;
  resetWindowMs: number;
  limits: PlausibilityLimits;
}): CounterPlan {
  const { counters, state, at } = input;
  const plan: CounterPlan = {
    advances: [],
    increments: new Map(),
    resets: [],
    flags: [],
  };
  const restarted =
    input.restarts !== undefined &&
    state.restarts !== undefined &&
    input.restarts > state.restarts;
  const flag = (c: UsageRejectionCause) =>
    plan.flags.includes(c) || plan.flags.push(c);
  let tokens = 0;
  let cost = 0;
  for (const [series, value] of counters) {
    const previous = state.values.get(series);
    if (previous === value) continue;
    plan.advances.push({ series, previous, value });
    const reset = state.resets.get(series);
    const recent =
      reset && at - reset.at < input.resetWindowMs ? reset.count : 0;
    let inc: number;
    let toggling = recent >= 2;
    if (previous === undefined) {
      inc = input.firstSinceMs !== undefined || state.sampledBefore ? value : 0;
    } else if (value >= previous) {
      inc = value - previous;
    } else {
      inc = value;
      if (!restarted) {
        plan.resets.push({ series, count: recent + 1 });
        toggling = recent + 1 >= 2;
      }
    }
    if (toggling) {
      flag('toggling');
      continue;
    }
    if (inc === 0) continue;
    plan.increments.set(series, inc);
    if (series.startsWith('cost|')) cost += inc;
    else tokens += inc;
  }
  const since = input.firstSinceMs ?? state.lastAt ?? at - input.intervalMs;
  const minutes = Math.max(at - since, input.intervalMs) / 60_000;
  if (
    tokens > input.limits.maxTokensPerPodPerMinute * minutes ||
    cost > input.limits.maxCostUsdPerPodPerMinute * minutes
  ) {
    plan.increments.clear();
    flag('implausible');
  }
  return plan;
}

/** Usage per model of the increments whose counter moves this sampler won. */
export function usageOfPlan(
  plan: CounterPlan,
  won: Set<string>,
  counters: PodCounters,
): RawModelUsage[] {
  const byModel = new Map<string, RawModelUsage>();
  const usage = (model: string) => {
    const u = byModel.get(model) ?? { model, inputTokens: 0, outputTokens: 0 };
    byModel.set(model, u);
    return u;
  };
  for (const [series, inc] of plan.increments) {
    if (!won.has(series)) continue;
    const [kind, model = 'unknown', dir] = series.split('|');
    const u = usage(model);
    if (kind === 'cost') u.costUsd = (u.costUsd ?? 0) + inc;
    else if (dir === 'input') u.inputTokens += inc;
    else u.outputTokens += inc;
  }
  // Models that have a cost counter but no cost this round still count as metric-priced.
  for (const u of byModel.values()) {
    if (u.costUsd === undefined && counters.has(`cost|${u.model}`))
      u.costUsd = 0;
  }
  return [...byModel.values()];
}
