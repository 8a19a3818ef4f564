import { formatInstant, timeAxis } from './timeAxis';

const at = (iso: string) => Date.parse(iso);

describe('timeAxis', () => {
  it('puts round ticks on a six-hour window and labels them with the time of day', () => {
    const axis = timeAxis(
      at('2025-06-01T06:07:00Z'),
      at('2025-06-01T12:07:00Z'),
    );
    expect(axis.domain).toEqual([
      at('2025-06-01T06:07:00Z'),
      at('2025-06-01T12:07:00Z'),
    ]);
    expect(axis.ticks.map(axis.format)).toEqual([
      '07:00',
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
    ]);
  });

  it('labels ticks with the date across days, and whole days alone', () => {
    const day = timeAxis(
      at('2025-05-31T12:00:00Z'),
      at('2025-06-01T13:00:00Z'),
    );
    expect(day.ticks.map(day.format)).toEqual([
      '05-31 12:00',
      '05-31 18:00',
      '06-01 00:00',
      '06-01 06:00',
      '06-01 12:00',
    ]);
    const week = timeAxis(
      at('2025-05-25T12:00:00Z'),
      at('2025-06-01T12:00:00Z'),
    );
    expect(week.ticks.map(week.format)).toEqual([
      '05-26',
      '05-28',
      '05-30',
      '06-01',
    ]);
  });

  it('never gives more ticks than asked for', () => {
    for (const hours of [0.5, 1, 3, 7, 24, 48, 24 * 7, 24 * 30]) {
      const end = at('2025-06-01T12:34:56Z');
      const axis = timeAxis(end - hours * 3_600_000, end, 6);
      expect(axis.ticks.length).toBeGreaterThan(0);
      expect(axis.ticks.length).toBeLessThanOrEqual(6);
      for (const t of axis.ticks) {
        expect(t).toBeGreaterThanOrEqual(axis.domain[0]);
        expect(t).toBeLessThanOrEqual(axis.domain[1]);
      }
    }
  });

  it('widens a range of one instant to a minute so a single sample has an axis', () => {
    const end = at('2025-06-01T12:00:30Z');
    const axis = timeAxis(end, end);
    expect(axis.domain).toEqual([end - 60_000, end]);
    expect(axis.ticks.map(axis.format)).toEqual(['12:00']);
  });

  it('formats an instant in UTC, with or without its date', () => {
    expect(formatInstant(at('2025-06-01T08:05:00Z'), true)).toBe('06-01 08:05');
    expect(formatInstant(at('2025-06-01T08:05:00Z'), false)).toBe('08:05');
  });
});
