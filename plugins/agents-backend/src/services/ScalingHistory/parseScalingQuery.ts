import { InputError } from '@backstage/errors';
import { z } from 'zod';

const DAY_MS = 24 * 3600 * 1000;
/** Longest window the scaling endpoint answers. @public */
export const MAX_SCALING_WINDOW_DAYS = 90;

const isoTime = z
  .string()
  .refine(v => Number.isFinite(Date.parse(v)), 'must be an ISO 8601 time')
  .transform(v => new Date(v))
  .optional();

const schema = z.object({ from: isoTime, to: isoTime });

/**
 * Reads `from` and `to` (ISO times, default the last 24 h) and throws an
 * InputError naming the parameter that is wrong.
 * @public
 */
export function parseScalingQuery(
  query: unknown,
  now: Date = new Date(),
): { from: Date; to: Date } {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = String(issue?.path[0] ?? 'query');
    throw new InputError(
      `Invalid query parameter '${param}': ${issue?.message}`,
    );
  }
  const to = parsed.data.to ?? now;
  const from = parsed.data.from ?? new Date(to.getTime() - DAY_MS);
  if (from.getTime() > to.getTime()) {
    throw new InputError(
      `Invalid query parameter 'from': must not be after 'to'`,
    );
  }
  if (to.getTime() - from.getTime() > MAX_SCALING_WINDOW_DAYS * DAY_MS) {
    throw new InputError(
      `Invalid query parameter 'from': the window from 'from' to 'to' must not exceed ${MAX_SCALING_WINDOW_DAYS} days`,
    );
  }
  return { from, to };
}
