import { UsageWindow } from '@agentdeck/plugin-agents-common';

const HOUR = 3600_000;

/** Length and chart step of each usage window: about 24-30 points each. @public */
export const WINDOW_SPECS: Record<UsageWindow, { ms: number; stepMs: number }> =
  {
    '24h': { ms: 24 * HOUR, stepMs: HOUR },
    '7d': { ms: 7 * 24 * HOUR, stepMs: 6 * HOUR },
    '30d': { ms: 30 * 24 * HOUR, stepMs: 24 * HOUR },
  };

/** Start of the calendar month (UTC) that contains `now`. @public */
export function monthStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Length of the calendar month (UTC) that contains `now`. @public */
export function monthLength(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - monthStart(now);
}
