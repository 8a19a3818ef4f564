import { InputError } from '@backstage/errors';
import { USAGE_WINDOWS, UsageWindow } from '@agentdeck/plugin-agents-common';
import { z } from 'zod';

const schema = z.object({ window: z.enum(USAGE_WINDOWS).default('24h') });

/** Reads `window` (24h, 7d or 30d; default 24h); an InputError names it when wrong. @public */
export function parseUsageQuery(query: unknown): { window: UsageWindow } {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid query parameter 'window': must be one of ${USAGE_WINDOWS.join(
        ', ',
      )}`,
    );
  }
  return parsed.data;
}
