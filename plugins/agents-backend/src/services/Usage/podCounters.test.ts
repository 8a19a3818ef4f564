import { parseExposition } from './exposition';
import { counterIncrease, extractCounters } from './podCounters';

describe('pod counters', () => {
  it('adds the new value after a reset instead of subtracting', () => {
    expect(counterIncrease(100, 130)).toBe(30);
    expect(counterIncrease(100, 40)).toBe(40);
    expect(counterIncrease(100, 100)).toBe(0);
  });

  it('prefers llm_tokens_total and reads the GenAI histogram sum otherwise', () => {
    const both = parseExposition(
      [
        'llm_tokens_total{model="gpt-4o",direction="input",status="ok"} 10',
        'llm_tokens_total{model="gpt-4o",direction="input",status="error"} 5',
        'llm_cost_dollars_total{model="gpt-4o"} 0.5',
        'gen_ai_client_token_usage_sum{gen_ai_request_model="gpt-4o",gen_ai_token_type="input"} 999',
      ].join('\n'),
    );
    expect(extractCounters(both)).toEqual(new Map([['tokens|gpt-4o|input', 15], ['cost|gpt-4o', 0.5]]));
    const otel = parseExposition(
      'gen_ai_client_token_usage_sum{gen_ai_request_model="gpt-4o",gen_ai_token_type="output"} 7\n',
    );
    expect(extractCounters(otel)).toEqual(new Map([['tokens|gpt-4o|output', 7]]));
  });
});
