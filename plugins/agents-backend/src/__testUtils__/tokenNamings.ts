import { ModelUsage } from '@agentdeck/plugin-agents-common';
import { agentEntity } from '@agentdeck/test-utils';
import { GrowingCounter } from './metricsExporter';

/**
 * Agents whose pods expose tokens under each naming AgentDeck reads, with
 * the usage they amount to computed by hand. Every counter grows by its
 * `step` STEPS times (startMetricsExporter's `steps`), so its whole
 * increase is `step * STEPS`.
 */
export const STEPS = 3;

export const NAMING_PRICES = [
  { model: 'openai/gpt-4o', inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
  {
    model: 'openai/gpt-4o-mini',
    inputPerMillionUsd: 0.15,
    outputPerMillionUsd: 0.6,
  },
  {
    model: 'anthropic/claude-sonnet-4',
    inputPerMillionUsd: 3,
    outputPerMillionUsd: 15,
  },
];

/** One pod of a naming's agent: its counters carry no namespace or pod label. */
export interface NamingPod {
  agent: string;
  pod: string;
  counters: GrowingCounter[];
}

export type NamingCase = 'llm' | 'otel-histogram' | 'otel' | 'two namings';

const current = (
  dir: 'input' | 'output',
  labels: Record<string, string>,
  step: number,
): GrowingCounter => ({
  name: `gen_ai_client_inference_usage_${dir}_tokens_total`,
  labels: { gen_ai_operation_name: 'chat', ...labels },
  step,
});

export const NAMING_PODS: Record<NamingCase, NamingPod[]> = {
  llm: [
    {
      agent: 'ledger-agent',
      pod: 'ledger-agent-7c9d8f6b5-a1b2c',
      counters: [
        {
          name: 'llm_tokens_total',
          labels: { model: 'gpt-4o-mini', direction: 'input' },
          step: 1000,
        },
        {
          name: 'llm_tokens_total',
          labels: { model: 'gpt-4o-mini', direction: 'output' },
          step: 250,
        },
        {
          name: 'llm_cost_dollars_total',
          labels: { model: 'gpt-4o-mini' },
          step: 0.5,
        },
      ],
    },
    {
      agent: 'ledger-agent',
      pod: 'ledger-agent-7c9d8f6b5-d3e4f',
      counters: [
        {
          name: 'llm_tokens_total',
          labels: { model: 'gpt-4o', type: 'prompt' },
          step: 400,
        },
        {
          name: 'llm_tokens_total',
          labels: { model: 'gpt-4o', type: 'completion' },
          step: 100,
        },
      ],
    },
  ],
  'otel-histogram': [
    {
      agent: 'triage-agent',
      pod: 'triage-agent-6b7c8d9f4-g5h6j',
      counters: (['input', 'output'] as const).map(type => ({
        name: 'gen_ai_client_token_usage',
        type: 'histogram-sum' as const,
        labels: {
          gen_ai_operation_name: 'chat',
          gen_ai_system: 'openai',
          gen_ai_request_model: 'gpt-4o',
          gen_ai_token_type: type,
        },
        step: type === 'input' ? 300 : 30,
      })),
    },
  ],
  otel: [
    {
      agent: 'review-agent',
      pod: 'review-agent-5f6g7h8j9-k7l8m',
      counters: [
        ...(['text', 'image'] as const).map(modality =>
          current(
            'input',
            {
              gen_ai_provider_name: 'anthropic',
              gen_ai_request_model: 'claude-sonnet-4',
              gen_ai_response_model: 'claude-sonnet-4-20250514',
              gen_ai_token_modality: modality,
            },
            modality === 'text' ? 500 : 100,
          ),
        ),
        current(
          'output',
          {
            gen_ai_provider_name: 'anthropic',
            gen_ai_request_model: 'claude-sonnet-4',
            gen_ai_token_modality: 'text',
          },
          200,
        ),
        // a subset of the input tokens and the per-operation histogram: not counted
        {
          name: 'gen_ai_client_inference_usage_cache_read_input_tokens_total',
          labels: {
            gen_ai_provider_name: 'anthropic',
            gen_ai_request_model: 'claude-sonnet-4',
            gen_ai_token_modality: 'text',
          },
          step: 450,
        },
        {
          name: 'gen_ai_client_inference_operation_input_tokens',
          type: 'histogram-sum',
          labels: {
            gen_ai_provider_name: 'anthropic',
            gen_ai_request_model: 'claude-sonnet-4',
          },
          step: 600,
        },
      ],
    },
  ],
  'two namings': [
    {
      // as a generated agent: the current counters, llm_tokens_total and cost
      agent: 'support-agent',
      pod: 'support-agent-5d8f9c7b6-x2k4q',
      counters: [
        ...(['input', 'output'] as const).flatMap((dir): GrowingCounter[] => {
          const step = dir === 'input' ? 800 : 200;
          return [
            current(
              dir,
              {
                gen_ai_provider_name: 'openai',
                gen_ai_request_model: 'gpt-4o-mini',
                gen_ai_token_modality: 'text',
              },
              step,
            ),
            {
              name: 'llm_tokens_total',
              labels: { model: 'gpt-4o-mini', direction: dir },
              step,
            },
          ];
        }),
        {
          name: 'llm_cost_dollars_total',
          labels: { model: 'gpt-4o-mini' },
          step: 0.25,
        },
      ],
    },
    {
      // a pod of the image before, mid-rollout: llm_tokens_total only
      agent: 'support-agent',
      pod: 'support-agent-4c7e8a9d5-p9q8r',
      counters: (['input', 'output'] as const).map(dir => ({
        name: 'llm_tokens_total',
        labels: { model: 'gpt-4o', direction: dir },
        step: dir === 'input' ? 100 : 50,
      })),
    },
  ],
};

/** What each case's agent used, worked out from the steps above. */
export const NAMING_EXPECTED: Record<
  NamingCase,
  {
    agent: string;
    metric: string;
    models: ModelUsage[];
    totals: { inputTokens: number; outputTokens: number; costUsd: number };
  }
> = {
  llm: {
    agent: 'ledger-agent',
    metric: 'llm_tokens_total',
    models: [
      // 3 x 1000 in, 3 x 250 out, 3 x $0.50 from the cost counter
      {
        model: 'gpt-4o-mini',
        inputTokens: 3000,
        outputTokens: 750,
        costUsd: 1.5,
        costSource: 'metric',
      },
      // 3 x 400 prompt, 3 x 100 completion at openai/gpt-4o's $2.50 / $10:
      // (1200 x 2.5 + 300 x 10) / 1e6
      {
        model: 'gpt-4o',
        inputTokens: 1200,
        outputTokens: 300,
        costUsd: 0.006,
        costSource: 'price-table',
      },
    ],
    totals: { inputTokens: 4200, outputTokens: 1050, costUsd: 1.506 },
  },
  'otel-histogram': {
    agent: 'triage-agent',
    metric: 'gen_ai_client_token_usage',
    models: [
      // 3 x 300 in, 3 x 30 out: (900 x 2.5 + 90 x 10) / 1e6
      {
        model: 'openai/gpt-4o',
        inputTokens: 900,
        outputTokens: 90,
        costUsd: 0.00315,
        costSource: 'price-table',
      },
    ],
    totals: { inputTokens: 900, outputTokens: 90, costUsd: 0.00315 },
  },
  otel: {
    agent: 'review-agent',
    metric: 'gen_ai_client_inference_usage_*_tokens',
    models: [
      // 3 x (500 text + 100 image) in, 3 x 200 out: (1800 x 3 + 600 x 15) / 1e6
      {
        model: 'anthropic/claude-sonnet-4',
        inputTokens: 1800,
        outputTokens: 600,
        costUsd: 0.0144,
        costSource: 'price-table',
      },
    ],
    totals: { inputTokens: 1800, outputTokens: 600, costUsd: 0.0144 },
  },
  'two namings': {
    agent: 'support-agent',
    metric: 'gen_ai_client_inference_usage_*_tokens and llm_tokens_total',
    models: [
      // counted once: 3 x 800 in, 3 x 200 out; 3 x $0.25 from the cost counter
      {
        model: 'openai/gpt-4o-mini',
        inputTokens: 2400,
        outputTokens: 600,
        costUsd: 0.75,
        costSource: 'metric',
      },
      // the older pod: 3 x 100 in, 3 x 50 out: (300 x 2.5 + 150 x 10) / 1e6
      {
        model: 'gpt-4o',
        inputTokens: 300,
        outputTokens: 150,
        costUsd: 0.00225,
        costSource: 'price-table',
      },
    ],
    totals: { inputTokens: 2700, outputTokens: 750, costUsd: 0.75225 },
  },
};

/** The namings, in the order the tests go through them. */
export const NAMING_CASES = Object.keys(NAMING_PODS) as NamingCase[];

/** The namespace every naming's pods run in. */
export const NAMING_NAMESPACE = 'ai-agents';

/** The Agent entity of a naming's agent, its pods looked for in NAMING_NAMESPACE. */
export const namingAgent = (c: NamingCase) =>
  agentEntity(
    NAMING_EXPECTED[c].agent,
    {},
    { 'backstage.io/kubernetes-namespace': NAMING_NAMESPACE },
  );

/** Models sorted by name, costs rounded off float noise, for comparison. */
export const comparable = (models: ModelUsage[]) =>
  [...models]
    .sort((a, b) => a.model.localeCompare(b.model))
    .map(m => ({ ...m, costUsd: Number(m.costUsd.toFixed(12)) }));

export const roundTotals = (t: {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}) => ({ ...t, costUsd: Number(t.costUsd.toFixed(12)) });
