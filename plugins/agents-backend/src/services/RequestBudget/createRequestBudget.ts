import { ServiceUnavailableError } from '@backstage/errors';
import { createLaneQueue } from './laneQueue';
import {
  BudgetTicket,
  InFlightLimit,
  RequestBudget,
  RequestBudgetSettings,
} from './types';

interface Waiting {
  onAbort(): void;
  start(): void;
  fail(e: Error): void;
  ticket: BudgetTicket;
}

interface Bucket {
  tokens: number;
  at: number;
  queue: ReturnType<typeof createLaneQueue<Waiting>>;
  timer?: NodeJS.Timeout;
}

// A 429's Retry-After past this is not waited out in full: other work would starve.
const MAX_PAUSE_SECONDS = 60;

const noLongerWanted = () =>
  Object.assign(new Error('request no longer wanted'), { name: 'AbortError' });

/**
 * A token bucket per cluster, as client-go's: `burst` requests may go at once,
 * then one per `1/qps` seconds; waiting work starts by priority, lanes taking
 * turns. A request takes its token when it starts, so over any T seconds a
 * cluster gets at most `burst + qps * T` of them.
 */
export function createRequestBudget(
  settings: Pick<RequestBudgetSettings, 'qps' | 'burst'>,
  opts: { now?: () => number } = {},
): RequestBudget {
  const now = opts.now ?? (() => performance.now());
  const qps = Math.max(settings.qps, 0.001);
  const burst = Math.max(1, Math.floor(settings.burst));
  const buckets = new Map<string, Bucket>();
  const inFlight = new Map<
    InFlightLimit,
    { total: number; lanes: Map<string, number> }
  >();
  let stopped = false;
  let turn = 0;

  const startable = ({ ticket: { limit, lane } }: Waiting) => {
    const used = limit && inFlight.get(limit);
    return (
      !limit ||
      !used ||
      (used.total < limit.total && (used.lanes.get(lane) ?? 0) < limit.perLane)
    );
  };

  // Holds a seat of the ticket's limit until `done` is called.
  const occupy = ({ limit, lane }: BudgetTicket) => {
    if (!limit) return () => {};
    let used = inFlight.get(limit);
    if (!used) {
      used = { total: 0, lanes: new Map() };
      inFlight.set(limit, used);
    }
    const u = used;
    u.total += 1;
    u.lanes.set(lane, (u.lanes.get(lane) ?? 0) + 1);
    return () => {
      u.total -= 1;
      const n = (u.lanes.get(lane) ?? 1) - 1;
      if (n > 0) u.lanes.set(lane, n);
      else u.lanes.delete(lane);
      if (u.total === 0) inFlight.delete(limit);
      // a limit spans clusters: they take turns at the seat that came free
      const clusters = [...buckets.keys()];
      turn = (turn + 1) % clusters.length;
      for (let i = 0; i < clusters.length; i++)
        dispatch(clusters[(turn + i) % clusters.length]);
    };
  };

  const bucketOf = (cluster: string) => {
    let b = buckets.get(cluster);
    if (!b) {
      b = { tokens: burst, at: now(), queue: createLaneQueue<Waiting>() };
      buckets.set(cluster, b);
    }
    return b;
  };

  const refill = (b: Bucket) => {
    const t = now();
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) * qps) / 1000);
    b.at = t;
  };

  function dispatch(cluster: string) {
    const b = bucketOf(cluster);
    refill(b);
    while (b.tokens >= 1) {
      const w = b.queue.shift(startable);
      if (!w) break;
      if (w.ticket.signal?.aborted) {
        w.fail(noLongerWanted());
        continue;
      }
      b.tokens -= 1;
      w.start();
    }
    // with tokens left, what still waits waits for its limit, not for time
    if (b.queue.size() > 0 && b.tokens < 1 && !b.timer && !stopped) {
      const ms = Math.max(1, Math.ceil(((1 - b.tokens) * 1000) / qps));
      b.timer = setTimeout(() => {
        b.timer = undefined;
        dispatch(cluster);
      }, ms);
    }
  }

  return {
    run<T>(ticket: BudgetTicket, task: () => Promise<T>) {
      return new Promise<T>((resolve, reject) => {
        if (stopped) {
          reject(new ServiceUnavailableError('AgentDeck is stopping'));
          return;
        }
        const { signal } = ticket;
        if (signal?.aborted) {
          reject(noLongerWanted());
          return;
        }
        const b = bucketOf(ticket.cluster);
        const w: Waiting = {
          ticket,
          onAbort() {
            if (b.queue.remove(ticket.priority, ticket.lane, w))
              w.fail(noLongerWanted());
          },
          start() {
            signal?.removeEventListener('abort', w.onAbort);
            const done = occupy(ticket);
            // called at once, so the request goes when its token was taken
            let running: Promise<T>;
            try {
              running = task();
            } catch (e) {
              running = Promise.reject(e);
            }
            running.then(resolve, reject).finally(done);
          },
          fail(e) {
            signal?.removeEventListener('abort', w.onAbort);
            reject(e);
          },
        };
        signal?.addEventListener('abort', w.onAbort, { once: true });
        b.queue.push(ticket.priority, ticket.lane, w);
        dispatch(ticket.cluster);
      });
    },

    pause(cluster, seconds) {
      const b = bucketOf(cluster);
      refill(b);
      const s = Math.min(Math.max(seconds, 0), MAX_PAUSE_SECONDS);
      b.tokens = Math.min(b.tokens, 0) - qps * s;
      if (b.timer) {
        clearTimeout(b.timer);
        b.timer = undefined;
      }
      dispatch(cluster);
    },

    waiting(cluster) {
      const of = (b?: Bucket) => b?.queue.size() ?? 0;
      if (cluster !== undefined) return of(buckets.get(cluster));
      return [...buckets.values()].reduce((n, b) => n + of(b), 0);
    },

    stop() {
      stopped = true;
      for (const b of buckets.values()) {
        clearTimeout(b.timer);
        b.timer = undefined;
        for (let w = b.queue.shift(); w; w = b.queue.shift())
          w.fail(new ServiceUnavailableError('AgentDeck is stopping'));
      }
    },
  };
}
