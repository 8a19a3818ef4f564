import { ViewedAgents } from './types';

/**
 * Agents whose status was asked for within `windowMs`: the Agent tab polls it
 * while open, so this is "someone has its page open".
 */
export function createViewedAgents(
  windowMs: number,
  now: () => number = Date.now,
): ViewedAgents {
  const seen = new Map<string, number>();
  let nextSweep = now() + windowMs;
  return {
    mark(entityRef) {
      const t = now();
      seen.set(entityRef, t);
      if (t < nextSweep) return;
      nextSweep = t + windowMs;
      for (const [ref, at] of seen) if (t - at > windowMs) seen.delete(ref);
    },
    has(entityRef) {
      const at = seen.get(entityRef);
      return at !== undefined && now() - at <= windowMs;
    },
  };
}
