import {
  AGENT_METRICS,
  UsageRejectionCause,
} from '@agentdeck/plugin-agents-common';
import { Exposition } from './exposition';
import {
  modelOf,
  NAMINGS_NEWEST_FIRST,
  TOKEN_SAMPLE_NAMES,
  tokenSample,
  TokenNaming,
} from './tokenNamings';

/** Per-model token and cost counters of one pod's `/metrics`. @public */
export type PodCounters = Map<string, number>;

/** The only metric names the pod-metrics sampler parses. @public */
export const USAGE_METRIC_NAMES: ReadonlySet<string> = new Set([
  ...TOKEN_SAMPLE_NAMES,
  AGENT_METRICS.llmCost,
]);

// Model names end up in keys of at most 255 characters in the database.
const MAX_MODEL_LENGTH = 128;

/**
 * Keys: `tokens|<model>|input|output`, `cost|<model>`, the model as
 * {@link modelOf} names it. Only series with a model (and, for tokens, a
 * known direction) count. Tokens are read from the newest naming the page
 * shows ({@link TokenNaming}), so a pod exposing several is not counted
 * twice; `llm_cost_dollars_total` is read whatever the naming. Values are
 * summed as they are (modalities, operations, statuses of one model add
 * up): {@link checkCounters} rejects what is not a plausible counter.
 * @public
 */
export function extractCounters(exp: Exposition): PodCounters {
  const tokens = new Map<TokenNaming, PodCounters>();
  const cost: PodCounters = new Map();
  const add = (m: PodCounters, key: string, v: number) =>
    m.set(key, (m.get(key) ?? 0) + v);
  for (const s of exp.samples) {
    const model = modelOf(s.labels);
    if (!model) continue;
    if (s.name === AGENT_METRICS.llmCost) {
      add(cost, `cost|${model}`, s.value);
      continue;
    }
    const t = tokenSample(s.name, s.labels);
    if (!t) continue;
    const m = tokens.get(t.naming) ?? new Map<string, number>();
    tokens.set(t.naming, m);
    add(m, `tokens|${model}|${t.dir}`, s.value);
  }
  const newest = NAMINGS_NEWEST_FIRST.find(n => tokens.has(n));
  return new Map([...(newest ? tokens.get(newest)! : []), ...cost]);
}

/** Why a pod's counters cannot be used at all, if they cannot. @public */
export function checkCounters(
  counters: PodCounters,
): UsageRejectionCause | undefined {
  for (const [key, value] of counters) {
    // two huge lines of one series sum to Infinity
    if (!Number.isFinite(value)) return 'non-finite';
    if (value < 0) return 'implausible';
    if (key.split('|')[1]!.length > MAX_MODEL_LENGTH) return 'label-too-long';
  }
  return undefined;
}
