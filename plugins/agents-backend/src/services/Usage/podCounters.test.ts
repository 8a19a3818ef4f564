import { parseExposition } from './exposition';
import {
  checkCounters,
  extractCounters,
  USAGE_METRIC_NAMES,
} from './podCounters';

describe('pod counters', () => {
  const page = (...lines: string[]) =>
    extractCounters(
      parseExposition(lines.join('\n'), { names: USAGE_METRIC_NAMES }),
    );
  const otel = (name: string, labels: string, v: number) =>
    `gen_ai_client_inference_usage_${name}{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",${labels}} ${v}`;

  it('reads the current GenAI counters, summing modalities, without their subsets or histograms', () => {
    expect(
      page(
        '# TYPE gen_ai_client_inference_usage_input_tokens_total counter',
        otel('input_tokens_total', 'gen_ai_token_modality="text"', 100),
        otel('input_tokens_total', 'gen_ai_token_modality="image"', 20),
        otel('input_tokens_created', 'gen_ai_token_modality="text"', 1.7e9),
        otel('output_tokens_total', 'gen_ai_token_modality="text"', 30),
        // subsets of input and output, and the per-operation histograms
        otel(
          'cache_read_input_tokens_total',
          'gen_ai_token_modality="text"',
          80,
        ),
        otel(
          'reasoning_output_tokens_total',
          'gen_ai_token_modality="text"',
          9,
        ),
        'gen_ai_client_inference_operation_input_tokens_sum{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"} 120',
        'llm_cost_dollars_total{model="gpt-4o",gen_ai_provider_name="openai"} 0.5',
      ),
    ).toEqual(
      new Map([
        ['tokens|openai/gpt-4o|input', 120],
        ['tokens|openai/gpt-4o|output', 30],
        ['cost|openai/gpt-4o', 0.5],
      ]),
    );
  });

  it.each([
    [
      'the counters without _total (suffixes turned off)',
      [otel('input_tokens', 'gen_ai_token_modality="text"', 7)],
      'openai/gpt-4o',
    ],
    [
      "a draft's histogram _sum",
      [otel('input_tokens_sum', 'gen_ai_token_modality="text"', 7)],
      'openai/gpt-4o',
    ],
    [
      'the response model where no request model is set',
      [
        'gen_ai_client_inference_usage_input_tokens_total{gen_ai_provider_name="anthropic",gen_ai_response_model="claude-sonnet-4"} 7',
      ],
      'anthropic/claude-sonnet-4',
    ],
    [
      'gen_ai_client_token_usage with the older gen_ai_system',
      [
        'gen_ai_client_token_usage_sum{gen_ai_system="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="input"} 7',
        'gen_ai_client_token_usage_count{gen_ai_system="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="input"} 1',
      ],
      'openai/gpt-4o',
    ],
    [
      'a model that already names its provider',
      [
        'gen_ai_client_token_usage_sum{gen_ai_provider_name="openai",gen_ai_request_model="openai/gpt-4o",gen_ai_token_type="input"} 7',
      ],
      'openai/gpt-4o',
    ],
    [
      'llm_tokens_total by type',
      ['llm_tokens_total{model="gpt-4o",type="prompt"} 7'],
      'gpt-4o',
    ],
  ])('reads %s', (_what, lines, model) => {
    expect(page(...lines)).toEqual(new Map([[`tokens|${model}|input`, 7]]));
  });

  it('reads a page with several namings under the newest only', () => {
    const llm = 'llm_tokens_total{model="gpt-4o",direction="input"} 15';
    const hist =
      'gen_ai_client_token_usage_sum{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="input"} 16';
    const current = otel(
      'input_tokens_total',
      'gen_ai_token_modality="text"',
      17,
    );
    const cost = 'llm_cost_dollars_total{model="gpt-4o"} 0.5';
    expect(page(llm, hist, current, cost)).toEqual(
      new Map([
        ['tokens|openai/gpt-4o|input', 17],
        ['cost|gpt-4o', 0.5],
      ]),
    );
    expect(page(llm, hist, cost)).toEqual(
      new Map([
        ['tokens|openai/gpt-4o|input', 16],
        ['cost|gpt-4o', 0.5],
      ]),
    );
    expect(page(llm, cost)).toEqual(
      new Map([
        ['tokens|gpt-4o|input', 15],
        ['cost|gpt-4o', 0.5],
      ]),
    );
  });

  it('counts only series with the expected labels', () => {
    const exp = parseExposition(
      [
        'llm_tokens_total{direction="input"} 1000',
        'llm_tokens_total{model="gpt-4o",direction="sideways"} 1000',
        'llm_tokens_total{model="",direction="input"} 1000',
        'llm_cost_dollars_total 5',
        'gen_ai_client_token_usage_sum{gen_ai_token_type="input"} 1000',
        'llm_tokens_total{model="a|b",direction="input"} 1000',
        'gen_ai_client_inference_usage_input_tokens_total{gen_ai_provider_name="openai"} 1000',
        'llm_tokens_total{model="gpt-4o",direction="output"} 3',
      ].join('\n'),
    );
    expect(extractCounters(exp)).toEqual(
      new Map([['tokens|gpt-4o|output', 3]]),
    );
  });

  it.each([
    [
      'two 1e308 lines of one series',
      'llm_tokens_total{model="m",direction="input",r="a"} 1e308\nllm_tokens_total{model="m",direction="input",r="b"} 1e308',
      'non-finite',
    ],
    ['+Inf', 'llm_cost_dollars_total{model="m"} +Inf', 'non-finite'],
    [
      'a negative counter',
      'llm_cost_dollars_total{model="m"} -5',
      'implausible',
    ],
    [
      'a model name of 129 characters',
      `llm_cost_dollars_total{model="${'m'.repeat(129)}"} 1`,
      'label-too-long',
    ],
    [
      'sane counters',
      'llm_tokens_total{model="m",direction="input"} 1e9\nllm_cost_dollars_total{model="m"} 12.5',
      undefined,
    ],
  ])('checks %s', (_what, text, cause) => {
    expect(checkCounters(extractCounters(parseExposition(text)))).toBe(cause);
  });
});
