import { usageRows } from './UsageTrendChart';

const point = (at: string, inputTokens: number) => ({
  at,
  inputTokens,
  outputTokens: 0,
  costUsd: 0,
});

describe('usageRows', () => {
  const series = [
    point('2025-06-01T01:00:00.000Z', 0),
    point('2025-06-01T02:00:00.000Z', 0),
    point('2025-06-01T03:00:00.000Z', 50),
    point('2025-06-01T04:00:00.000Z', 70),
  ];
  const from = '2025-06-01T00:00:00.000Z';
  const to = '2025-06-01T04:00:00.000Z';

  it('keeps every point when the data reaches back to the start of the window', () => {
    const r = usageRows(series, from, to);
    expect(r.rows.map(p => p.inputTokens)).toEqual([0, 0, 50, 70]);
    expect(r.start).toBe(Date.parse(from));
    expect(r.noDataBefore).toBeUndefined();
  });

  it('drops the zero-filled points before the data begins, keeping the step it begins in', () => {
    const r = usageRows(series, from, to, '2025-06-01T02:30:00.000Z');
    expect(r.rows.map(p => p.inputTokens)).toEqual([50, 70]);
    expect(r.start).toBe(Date.parse('2025-06-01T02:30:00.000Z'));
    expect(r.noDataBefore).toBe(r.start);
  });

  it('ignores a data start outside the window', () => {
    expect(
      usageRows(series, from, to, '2025-05-31T00:00:00.000Z').noDataBefore,
    ).toBeUndefined();
    expect(usageRows(series, from, to, 'not a time').rows).toHaveLength(4);
  });
});
