import { dataBegins } from './createUsageService';

const HOUR = 3_600_000;
const point = (at: number) => ({
  at,
  model: 'gpt-4o-mini',
  inputTokens: 1,
  outputTokens: 1,
});

describe('dataBegins', () => {
  const from = 1_000 * HOUR;

  it('says where the data begins when it starts inside the window', () => {
    // samples from the fifth hourly step on: the window's first four hours had no data
    expect(
      dataBegins([point(from + 6 * HOUR), point(from + 5 * HOUR)], from, HOUR),
    ).toBe(from + 4 * HOUR);
  });

  it('says nothing when the first step has data, or when there is no data at all', () => {
    expect(dataBegins([point(from + HOUR)], from, HOUR)).toBeUndefined();
    expect(dataBegins([], from, HOUR)).toBeUndefined();
  });
});
