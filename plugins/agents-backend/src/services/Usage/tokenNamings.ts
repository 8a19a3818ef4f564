import { AGENT_METRICS } from '@agentdeck/plugin-agents-common';

/**
 * The namings of token metrics AgentDeck reads, newest first:
 * - `otel`: the OpenTelemetry GenAI counters
 *   `gen_ai.client.inference.usage.input_tokens` / `.output_tokens`, which
 *   Prometheus shows as `gen_ai_client_inference_usage_input_tokens_total`
 *   (also read without `_total`, for exporters with suffixes turned off, and
 *   as a histogram's `_sum`, as a draft of the conventions had them);
 * - `otel-histogram`: the conventions' earlier histogram
 *   `gen_ai.client.token.usage`, its `_sum` by `gen_ai_token_type`;
 * - `llm`: AgentDeck's own `llm_tokens_total` by `direction` (or `type`).
 *
 * A pod that exposes several namings (a generated agent exposed two for a
 * while) is counted under the newest one it shows, never twice; pods of one
 * agent may differ, as during a rollout from an older image.
 * @public
 */
export type TokenNaming = 'otel' | 'otel-histogram' | 'llm';

/** Newest first: the order in which a pod's namings are preferred. */
export const NAMINGS_NEWEST_FIRST: readonly TokenNaming[] = [
  'otel',
  'otel-histogram',
  'llm',
];

/** How answers name what was read. */
export const NAMING_METRIC: Record<TokenNaming, string> = {
  otel: 'gen_ai_client_inference_usage_*_tokens',
  'otel-histogram': AGENT_METRICS.otelTokenUsage,
  llm: AGENT_METRICS.llmTokens,
};

const DIRECTIONS: Record<string, 'input' | 'output'> = {
  input: 'input',
  prompt: 'input',
  output: 'output',
  completion: 'output',
};

/** The first label value among `values` that names a direction. */
export function directionOf(
  ...values: Array<string | undefined>
): 'input' | 'output' | undefined {
  for (const v of values) {
    const dir = v === undefined ? undefined : DIRECTIONS[v];
    if (dir) return dir;
  }
  return undefined;
}

// Sample names of the current counters as a `/metrics` page may show them.
const OTEL_SAMPLE_NAMES = new Map<string, 'input' | 'output'>(
  (['input', 'output'] as const).flatMap(dir => {
    const base =
      dir === 'input'
        ? AGENT_METRICS.otelInputTokens
        : AGENT_METRICS.otelOutputTokens;
    return ['_total', '', '_sum'].map(
      suffix => [`${base}${suffix}`, dir] as const,
    );
  }),
);

/** Every sample name that carries tokens, in any naming. */
export const TOKEN_SAMPLE_NAMES: readonly string[] = [
  ...OTEL_SAMPLE_NAMES.keys(),
  `${AGENT_METRICS.otelTokenUsage}_sum`,
  AGENT_METRICS.llmTokens,
];

/** The naming and direction of one token sample of a `/metrics` page. */
export function tokenSample(
  name: string,
  labels: Record<string, string>,
): { naming: TokenNaming; dir: 'input' | 'output' } | undefined {
  const otel = OTEL_SAMPLE_NAMES.get(name);
  if (otel) return { naming: 'otel', dir: otel };
  let dir: 'input' | 'output' | undefined;
  if (name === `${AGENT_METRICS.otelTokenUsage}_sum`) {
    dir = directionOf(labels.gen_ai_token_type);
    return dir && { naming: 'otel-histogram', dir };
  }
  if (name === AGENT_METRICS.llmTokens) {
    dir = directionOf(labels.direction, labels.type);
    return dir && { naming: 'llm', dir };
  }
  return undefined;
}

/**
 * The model a token or cost series counts for: `gen_ai_request_model`, else
 * `gen_ai_response_model`, else `model`, as `<provider>/<model>` when the
 * series names its provider (`gen_ai_provider_name`, else the older
 * `gen_ai_system`), which is how catalogs and price tables name models.
 * Undefined without a model, or with a `|` (the separator of stored keys).
 */
export function modelOf(labels: Record<string, string>): string | undefined {
  const model =
    labels.gen_ai_request_model || labels.gen_ai_response_model || labels.model;
  if (!model || model.includes('|')) return undefined;
  const provider = labels.gen_ai_provider_name || labels.gen_ai_system;
  if (!provider || provider.includes('|') || model.startsWith(`${provider}/`))
    return model;
  return `${provider}/${model}`;
}

/** A model's name without its provider prefix, lower case. */
export const bareModel = (model: string) =>
  model.slice(model.lastIndexOf('/') + 1).toLowerCase();

/**
 * The token model that a cost series' model stands for. `llm_cost_dollars_total`
 * has no provider label where the token counters have one: its `gpt-4o` is
 * the `openai/gpt-4o` of the tokens when exactly one token model has that
 * name; otherwise it stays as it is (a row of its own).
 */
export function alignCostModel(
  model: string,
  tokenModels: ReadonlySet<string>,
): string {
  if (tokenModels.has(model)) return model;
  const bare = bareModel(model);
  const same = [...tokenModels].filter(t => bareModel(t) === bare);
  return same.length === 1 ? same[0]! : model;
}
