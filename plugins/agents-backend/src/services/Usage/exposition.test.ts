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
      {
        name: 'llm_tokens_total',
        labels: { model: 'gpt-4o-mini', direction: 'input' },
        value: 1200,
      },
      {
        name: 'llm_tokens_total',
        labels: { model: 'gpt-4o-mini', direction: 'output' },
        value: 340,
      },
      { name: 'agent_active_requests', labels: {}, value: 3 },
    ]);
  });

  it('unescapes quotes, backslashes and newlines in label values', () => {
    const { samples } = parseExposition(
      'x{a="say \\"hi\\", {ok}",b="c:\\\\tmp",c="l1\\nl2",} 1\n',
    );
    expect(samples[0]?.labels).toEqual({
      a: 'say "hi", {ok}',
      b: 'c:\\tmp',
      c: 'l1\nl2',
    });
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
    const { samples } = parseExposition(
      'bad{a="x} 1\n{} 2\nok 5\nnan_is_skipped NaN\nalso bad abc\n',
    );
    expect(samples.map(s => s.name)).toEqual(['ok']);
  });

  const limits = { maxSeries: 3, maxLabels: 3, maxLabelValueLength: 10 };
  const names = new Set(['llm_tokens_total']);

  it('parses only the wanted names, and skips the rest without reading their labels', () => {
    const exp = parseExposition(
      [
        '# TYPE llm_tokens_total counter',
        '# TYPE other_total counter',
        `other_total{a="${'x'.repeat(1000)}",b="1",c="2",d="3"} 1`,
        'llm_tokens_total{model="m",direction="input"} 7',
      ].join('\n'),
      { names, limits },
    );
    expect(exp).toEqual({
      samples: [
        {
          name: 'llm_tokens_total',
          labels: { model: 'm', direction: 'input' },
          value: 7,
        },
      ],
      types: { llm_tokens_total: 'counter' },
    });
  });

  it.each([
    [
      'too-many-series',
      [1, 2, 3, 4].map(i => `llm_tokens_total{model="m${i}"} 1`).join('\n'),
    ],
    ['too-many-labels', 'llm_tokens_total{a="1",b="2",c="3",d="4"} 1'],
    ['label-too-long', 'llm_tokens_total{model="12345678901"} 1'],
  ])('rejects a page with %s', (rejected, page) => {
    expect(parseExposition(page, { names, limits }).rejected).toBe(rejected);
  });

  it('accepts a label value at the limit, escapes counted once', () => {
    const exp = parseExposition(
      String.raw`llm_tokens_total{model="123456789\\"} 1`,
      { names, limits },
    );
    expect(exp.rejected).toBeUndefined();
    expect(exp.samples[0]?.labels.model).toBe('123456789\\');
  });

  it('reads a hostile page quickly', () => {
    const page = [
      ...Array.from(
        { length: 3000 },
        (_, i) => `llm_tokens_total{model="flood-${i}",direction="input"} ${i}`,
      ),
      `llm_tokens_total{model="${'m'.repeat(200 * 1024)}",direction="input"} 1`,
    ].join('\n');
    const started = Date.now();
    const exp = parseExposition(page, {
      names,
      limits: { maxSeries: 200, maxLabels: 16, maxLabelValueLength: 256 },
    });
    expect(exp.rejected).toBe('too-many-series');
    expect(exp.samples).toHaveLength(200);
    const label = parseExposition(page.split('\n').at(-1)!, { names, limits });
    expect(label.rejected).toBe('label-too-long');
    expect(Date.now() - started).toBeLessThan(200);
  });
});
