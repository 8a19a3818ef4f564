import { Exposition } from './exposition';

/** Per-model token and cost counters of one pod's `/metrics`. @public */
export type PodCounters = Map<string, number>;

const DIRECTIONS: Record<string, 'input' | 'output'> = {
  input: 'input',
  prompt: 'input',
  output: 'output',
  completion: 'output',
};

/**
 * Keys: `tokens|<model>|input|output`, `cost|<model>`. The OpenTelemetry
 * histogram's `_sum` is read only when the pod has no llm_tokens_total, so a
 * pod exposing both is not counted twice.
 * @public
 */
export function extractCounters(exp: Exposition): PodCounters {
  const llm: PodCounters = new Map();
  const otel: PodCounters = new Map();
  const add = (m: PodCounters, key: string, v: number) => m.set(key, (m.get(key) ?? 0) + v);
  for (const s of exp.samples) {
    if (!Number.isFinite(s.value)) continue;
    if (s.name === 'llm_tokens_total') {
      const dir = DIRECTIONS[s.labels.direction ?? ''];
      if (dir) add(llm, `tokens|${s.labels.model ?? 'unknown'}|${dir}`, s.value);
    } else if (s.name === 'llm_cost_dollars_total') {
      add(llm, `cost|${s.labels.model ?? 'unknown'}`, s.value);
    } else if (s.name === 'gen_ai_client_token_usage_sum') {
      const dir = DIRECTIONS[s.labels.gen_ai_token_type ?? ''];
      const model = s.labels.gen_ai_request_model ?? 'unknown';
      if (dir) add(otel, `tokens|${model}|${dir}`, s.value);
    }
  }
  const hasLlmTokens = [...llm.keys()].some(k => k.startsWith('tokens|'));
  return hasLlmTokens ? llm : new Map([...otel, ...llm]);
}

/**
 * Increase of a counter since the last sample. A counter that went down was
 * reset by a container restart: everything it shows now is new.
 * @public
 */
export function counterIncrease(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}
