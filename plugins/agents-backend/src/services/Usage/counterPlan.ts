import { UsageRejectionCause } from '@agentdeck/plugin-agents-common';
import { PodCounters } from './podCounters';
import { alignCostModel } from './tokenNamings';
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
 * The pod's token series were all replaced by others while its container
 * kept running: the same counters now read under a newer naming (after an
 * upgrade of AgentDeck), or under a model name that now carries its
 * provider. The new series start from their value now, or everything the
 * pod counted so far would count a second time.
 */
function tokensRenamed(counters: PodCounters, state: PodCounterState) {
  const isTokens = (k: string) => k.startsWith('tokens|');
  const now = [...counters.keys()].filter(isTokens);
  return (
    state.sampledBefore &&
    now.length > 0 &&
    now.every(k => !state.values.has(k)) &&
    [...state.values.keys()].some(isTokens)
  );
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
  const renamed = !restarted && tokensRenamed(counters, state);
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
      const fresh = input.firstSinceMs !== undefined || state.sampledBefore;
      inc = fresh && !(renamed && series.startsWith('tokens|')) ? value : 0;
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
  const tokenModels = new Set<string>();
  for (const key of counters.keys()) {
    const [kind, model = 'unknown'] = key.split('|');
    if (kind === 'tokens') tokenModels.add(model);
  }
  // cost counters count for the token model they stand for
  const costModel = (model: string) => alignCostModel(model, tokenModels);
  for (const [series, inc] of plan.increments) {
    if (!won.has(series)) continue;
    const [kind, model = 'unknown', dir] = series.split('|');
    if (kind === 'cost') {
      const u = usage(costModel(model));
      u.costUsd = (u.costUsd ?? 0) + inc;
    } else if (dir === 'input') usage(model).inputTokens += inc;
    else usage(model).outputTokens += inc;
  }
  // Models that have a cost counter but no cost this round still count as metric-priced.
  const costed = new Set(
    [...counters.keys()]
      .filter(k => k.startsWith('cost|'))
      .map(k => costModel(k.slice('cost|'.length))),
  );
  for (const u of byModel.values()) {
    if (u.costUsd === undefined && costed.has(u.model)) u.costUsd = 0;
  }
  return [...byModel.values()];
}
