import { PodProxy } from '../types';
import { RequestBudget } from './types';

/** Seconds a 429 asks to wait: the Status body's `details.retryAfterSeconds`, else 1. */
function retryAfterSeconds(body: string): number {
  try {
    const s = JSON.parse(body) as { details?: { retryAfterSeconds?: unknown } };
    const n = s.details?.retryAfterSeconds;
    return typeof n === 'number' && n > 0 ? n : 1;
  } catch {
    return 1;
  }
}

/**
 * A pod proxy whose every request waits for its cluster's budget. Requests
 * that say nothing of their schedule wait as background work of their
 * namespace. A 429 from the API server holds the whole cluster back.
 */
export function budgetPodProxy(
  budget: RequestBudget,
  inner: PodProxy,
): PodProxy {
  return {
    async get({ schedule, ...req }) {
      const res = await budget.run(
        {
          cluster: req.cluster,
          lane: schedule?.lane ?? req.namespace,
          priority: schedule?.priority ?? 'background',
          signal: schedule?.signal,
          limit: schedule?.limit,
        },
        () => inner.get(req),
      );
      if (res.status === 429)
        budget.pause(req.cluster, retryAfterSeconds(res.body));
      return res;
    },
  };
}
