import { parseExposition } from './exposition';
import { checkCounters, extractCounters } from './podCounters';

describe('pod counters', () => {
  it('prefers llm_tokens_total and reads the GenAI histogram sum otherwise', () => {
    const both = parseExposition(
      [
        'llm_tokens_total{model="gpt-4o",direction="input",status="ok"} 10',
        'llm_tokens_total{model="gpt-4o",direction="input",status="error"} 5',
        'llm_cost_dollars_total{model="gpt-4o"} 0.5',
        'gen_ai_client_token_usage_sum{gen_ai_request_model="gpt-4o",gen_ai_token_type="input"} 999',
      ].join('\n'),
    );
    expect(extractCounters(both)).toEqual(
      new Map([
        ['tokens|gpt-4o|input', 15],
        ['cost|gpt-4o', 0.5],
      ]),
    );
    const otel = parseExposition(
      'gen_ai_client_token_usage_sum{gen_ai_request_model="gpt-4o",gen_ai_token_type="output"} 7\n',
    );
    expect(extractCounters(otel)).toEqual(
      new Map([['tokens|gpt-4o|output', 7]]),
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
  ])('checks %s', (_what, page, cause) => {
    expect(checkCounters(extractCounters(parseExposition(page)))).toBe(cause);
  });
});
