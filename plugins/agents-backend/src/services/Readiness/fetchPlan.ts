import { RequestPriority } from '../RequestBudget/types';
import { ReadinessSettings } from './types';

/** What is known of a pod's last `/readyz` fetch. */
export interface LastFetch {
  /** The pod's Ready condition when fetched: a change asks for a fresh breakdown. */
  podReady: boolean;
  fetchedAtMs: number;
  /** Fetches in a row that got no breakdown (timeout, 403, crash loop): each doubles the wait. */
  failures: number;
}

/** Whether a pod's `/readyz` is due, how urgent it is, and whether its age has a target. */
export interface FetchPlan {
  due: boolean;
  priority: RequestPriority;
  /** Unready pods, and ready pods of viewed agents, are kept fresh; the rest need no refresh. */
  targeted: boolean;
  /** The kept breakdown is out of date and nothing will refresh it: drop it. */
  forget?: boolean;
}

const MAX_BACKOFF_FACTOR = 16;

/**
 * A ready pod's `/readyz` answers 200 with every check ok, so it is fetched
 * only while someone looks at its agent. Unready pods are fetched when they
 * turn unready, first of all, and then every interval; repeated failures
 * back off. A pod that turns ready while nobody looks loses its breakdown,
 * which would otherwise show checks failing on a ready pod.
 */
export function planFetch(
  last: LastFetch | undefined,
  pod: { ready: boolean },
  viewed: boolean,
  settings: Pick<ReadinessSettings, 'intervalSeconds' | 'readyIntervalSeconds'>,
  now: number,
): FetchPlan {
  const targeted = !pod.ready || viewed;
  const routine: RequestPriority = viewed ? 'viewed' : 'background';
  if (!last || (last.podReady !== pod.ready && !last.failures)) {
    // a pod that keeps failing waits out its back-off even when Ready flips
    if (!targeted)
      return { due: false, priority: routine, targeted, forget: !!last };
    return { due: true, priority: pod.ready ? routine : 'unready', targeted };
  }
  if (!targeted) return { due: false, priority: routine, targeted };
  const interval = pod.ready
    ? settings.readyIntervalSeconds
    : settings.intervalSeconds;
  const backoff = last.failures
    ? Math.min(2 ** (last.failures - 1), MAX_BACKOFF_FACTOR)
    : 1;
  const due = now - last.fetchedAtMs >= interval * 1000 * backoff;
  return { due, priority: routine, targeted };
}
