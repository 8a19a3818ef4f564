const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tick spacings a time axis may use, aligned to UTC minutes, hours and days. */
const STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/** A time axis: its range in epoch milliseconds, round ticks and how to label them. */
export interface TimeAxis {
  domain: [number, number];
  ticks: number[];
  /** A tick's label: "14:30", or "06-01" for whole days, "06-01 14:30" across days. */
  format: (t: number) => string;
}

/** "06-01 14:30" (UTC), the time alone when `withDate` is false. */
export function formatInstant(t: number, withDate: boolean): string {
  const iso = new Date(t).toISOString();
  const time = iso.slice(11, 16);
  return withDate ? `${iso.slice(5, 10)} ${time}` : time;
}

/**
 * Round ticks for the range `start`..`end` (at most `maxTicks`), spaced by the
 * smallest step that keeps them apart. A range shorter than a minute is widened
 * to one minute ending at `end`, so a single sample still gets an axis.
 */
export function timeAxis(start: number, end: number, maxTicks = 6): TimeAxis {
  const t1 = end;
  const t0 = Math.min(start, end - MINUTE);
  const step =
    STEPS.find(s => Math.floor(t1 / s) - Math.ceil(t0 / s) + 1 <= maxTicks) ??
    STEPS[STEPS.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
  const acrossDays = t1 - t0 > DAY;
  const format =
    step >= DAY
      ? (t: number) => new Date(t).toISOString().slice(5, 10)
      : (t: number) => formatInstant(t, acrossDays);
  return { domain: [t0, t1], ticks, format };
}
