import {
  AGENT_METRICS,
  UsageRejectionCause,
} from '@agentdeck/plugin-agents-common';
import { Exposition } from './exposition';

/** Per-model token and cost counters of one pod's `/metrics`. @public */
export type PodCounters = Map<string, number>;

/** The only metric names the pod-metrics sampler parses. @public */
export const USAGE_METRIC_NAMES: ReadonlySet<string> = new Set([
  AGENT_METRICS.llmTokens,
  AGENT_METRICS.llmCost,
  `${AGENT_METRICS.otelTokenUsage}_sum`,
]);

// Model names end up in keys of at most 255 characters in the database.
const MAX_MODEL_LENGTH = 128;

const DIRECTIONS: Record<string, 'input' | 'output'> = {
  input: 'input',
  prompt: 'input',
  output: 'output',
  completion: 'output',
};

/**
 * Keys: `tokens|<model>|input|output`, `cost|<model>`. Only series with a
 * model (and, for tokens, a known direction) count. The OpenTelemetry
 * histogram's `_sum` is read only when the pod has no llm_tokens_total, so a
 * pod exposing both is not counted twice. Values are summed as they are:
 * {@link checkCounters} rejects what is not a plausible counter.
 * @public
 */
export function extractCounters(exp: Exposition): PodCounters {
  const llm: PodCounters = new Map();
  const otel: PodCounters = new Map();
  const add = (m: PodCounters, key: string, v: number) =>
    m.set(key, (m.get(key) ?? 0) + v);
  for (const s of exp.samples) {
    if (s.name === AGENT_METRICS.llmTokens) {
      const dir = DIRECTIONS[s.labels.direction ?? ''];
      if (dir && s.labels.model)
        add(llm, `tokens|${s.labels.model}|${dir}`, s.value);
    } else if (s.name === AGENT_METRICS.llmCost) {
      if (s.labels.model) add(llm, `cost|${s.labels.model}`, s.value);
    } else if (s.name === `${AGENT_METRICS.otelTokenUsage}_sum`) {
      const dir = DIRECTIONS[s.labels.gen_ai_token_type ?? ''];
      const model = s.labels.gen_ai_request_model;
      if (dir && model) add(otel, `tokens|${model}|${dir}`, s.value);
    }
  }
  const hasLlmTokens = [...llm.keys()].some(k => k.startsWith('tokens|'));
  return hasLlmTokens ? llm : new Map([...otel, ...llm]);
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
