import { InputError } from '@backstage/errors';
import { z } from 'zod';

const ref = z.string().min(1).max(512);
const schema = z.object({ owner: ref.optional(), system: ref.optional() });

/** Reads the overview's `owner` and `system` filters; an InputError names a bad one. @public */
export function parseOverviewQuery(query: unknown): {
  owner?: string;
  system?: string;
} {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const param = String(parsed.error.issues[0]?.path[0] ?? 'query');
    throw new InputError(
      `Invalid query parameter '${param}': must be one entity reference`,
    );
  }
  return parsed.data;
}
