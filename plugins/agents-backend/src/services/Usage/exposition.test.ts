import { parseExposition } from './exposition';

describe('parseExposition', () => {
  it('reads counters with HELP and TYPE lines', () => {
    const { samples, types } = parseExposition(
      [
        '# HELP llm_tokens_total Tokens used.',
        '# TYPE llm_tokens_total counter',
        'llm_tokens_total{model="gpt-4o-mini",direction="input"} 1200',
        'llm_tokens_total{model="gpt-4o-mini",direction="output"} 3.4e2 1717243200000',
        'agent_active_requests 3',
      ].join('\n'),
    );
    expect(types).toEqual({ llm_tokens_total: 'counter' });
    expect(samples).toEqual([
      { name: 'llm_tokens_total', labels: { model: 'gpt-4o-mini', direction: 'input' }, value: 1200 },
      { name: 'llm_tokens_total', labels: { model: 'gpt-4o-mini', direction: 'output' }, value: 340 },
      { name: 'agent_active_requests', labels: {}, value: 3 },
    ]);
  });

  it('unescapes quotes, backslashes and newlines in label values', () => {
    const { samples } = parseExposition(
      'x{a="say \\"hi\\", {ok}",b="c:\\\\tmp",c="l1\\nl2",} 1\n',
    );
    expect(samples[0]?.labels).toEqual({ a: 'say "hi", {ok}', b: 'c:\\tmp', c: 'l1\nl2' });
  });

  it("reads a histogram's _sum, _count and buckets", () => {
    const { samples, types } = parseExposition(
      [
        '# TYPE gen_ai_client_token_usage histogram',
        'gen_ai_client_token_usage_bucket{gen_ai_token_type="input",le="+Inf"} 4',
        'gen_ai_client_token_usage_sum{gen_ai_token_type="input",gen_ai_request_model="gpt-4o"} 812',
        'gen_ai_client_token_usage_count{gen_ai_token_type="input",gen_ai_request_model="gpt-4o"} 4',
      ].join('\n'),
    );
    expect(types.gen_ai_client_token_usage).toBe('histogram');
    expect(samples.map(s => [s.name, s.value])).toEqual([
      ['gen_ai_client_token_usage_bucket', 4],
      ['gen_ai_client_token_usage_sum', 812],
      ['gen_ai_client_token_usage_count', 4],
    ]);
    expect(samples[0]?.labels.le).toBe('+Inf');
  });

  it('skips malformed lines and keeps the rest', () => {
    const { samples } = parseExposition('bad{a="x} 1\n{} 2\nok 5\nnan_is_skipped NaN\nalso bad abc\n');
    expect(samples.map(s => s.name)).toEqual(['ok']);
  });
});
