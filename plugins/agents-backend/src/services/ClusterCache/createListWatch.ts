import { ClusterError } from '@agentdeck/plugin-agents-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeClient, KubeRequestError, ResponseTooLargeError } from './kubeClient';
import { Json, obj, str } from './json';
import { listAll } from './listAll';
import { CacheTiming } from './cacheTiming';
import { createSleeper } from './sleeper';

/** Options of one list+watch. */
export interface ListWatchOptions<T> {
  client: KubeClient;
  /** Collection path, e.g. /api/v1/pods (all namespaces). */
  path: string;
  query: Record<string, string>;
  strip: (raw: Json) => T;
  /** A 404 means the API is not installed (e.g. no KEDA): keep an empty set, no error. */
  optional?: boolean;
  /** Keep at most this many objects (events), dropping the oldest. */
  maxItems?: number;
  /** Index objects by this label's value, for {@link ListWatch.itemsWithLabel}. */
  indexLabel?: string;
  timing: CacheTiming;
  logger: LoggerService;
}

/** Sync state of one list+watch. */
export interface ListWatchState {
  inSync: boolean;
  lastInSyncAt?: Date;
  error?: ClusterError;
}

/** A self-healing list+watch of one resource type in one cluster. */
export interface ListWatch<T> {
  /** Every object; the same array until something changes, so callers must not mutate it. */
  items(): T[];
  /** Objects whose `indexLabel` has this value (empty without an indexLabel). */
  itemsWithLabel(value: string): T[];
  state(): ListWatchState;
  start(): void;
  stop(): Promise<void>;
}

class WatchRestart extends Error {}

const keyOf = (o: Json) => `${str(obj(o.metadata).namespace) ?? ''}/${str(obj(o.metadata).name) ?? ''}`;

/** Lists, then watches from the list's resourceVersion; relists after 410 Expired, drops and errors. */
export function createListWatch<T>(opts: ListWatchOptions<T>): ListWatch<T> {
  const { client, timing } = opts;
  let store = new Map<string, T>();
  // Page views read far more often than watches write: derive the array and
  // the label index at most once per change, not once per request.
  let itemsMemo: T[] | undefined;
  let indexMemo: Map<string, T[]> | undefined;
  const changed = () => {
    itemsMemo = undefined;
    indexMemo = undefined;
  };
  const items = () => (itemsMemo ??= [...store.values()]);
  const index = () => {
    if (!indexMemo) {
      indexMemo = new Map();
      const label = opts.indexLabel;
      if (label) {
        for (const item of items()) {
          const value = (item as { labels?: Record<string, string> }).labels?.[label];
          if (value === undefined) continue;
          const bucket = indexMemo.get(value);
          if (bucket) bucket.push(item);
          else indexMemo.set(value, [item]);
        }
      }
    }
    return indexMemo;
  };
  let resourceVersion = '';
  let running: Promise<void> | undefined;
  let abort = new AbortController();
  const sleeper = createSleeper();
  const state: ListWatchState = { inSync: false };
  const what = `${client.cluster.name} ${opts.path}`;

  const put = (map: Map<string, T>, raw: Json) => {
    const key = keyOf(raw);
    map.delete(key);
    map.set(key, opts.strip(raw));
    if (opts.maxItems && map.size > opts.maxItems) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
  };

  /** Set once a watch is open: failures after that are drops, which a relist repairs, not cluster errors. */
  let streaming = false;
  /** Consecutive failures since events last flowed: the backoff exponent. */
  let failures = 0;

  const markInSync = () => {
    state.inSync = true;
    state.lastInSyncAt = new Date();
    state.error = undefined;
  };

  const markOutOfSync = () => {
    if (state.inSync) state.lastInSyncAt = new Date();
    state.inSync = false;
  };

  const opened = () => {
    streaming = true;
    markInSync();
  };

  async function list() {
    const listed = await listAll(client, opts.path, opts.query, timing, abort.signal, opts.optional);
    const next = new Map<string, T>();
    for (const item of listed?.items ?? []) put(next, item);
    store = next;
    changed();
    resourceVersion = listed?.resourceVersion ?? '';
    return listed !== undefined;
  }

  function onEvent(line: string) {
    const event = obj(JSON.parse(line));
    const object = obj(event.object);
    const rv = str(obj(object.metadata).resourceVersion);
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        put(store, object);
        changed();
        break;
      case 'DELETED':
        store.delete(keyOf(object));
        changed();
        break;
      case 'BOOKMARK':
        break;
      default:
        // ERROR: 410 Expired arrives as HTTP 200 with a Status object; any error means relist
        throw new WatchRestart(str(object.message) ?? 'watch error');
    }
    if (rv) resourceVersion = rv;
    failures = 0;
  }

  async function watchUntilBroken() {
    for (;;) {
      const seconds = Math.round(timing.watchTimeoutSeconds * (1 + Math.random() * 0.2));
      const q = new URLSearchParams({ ...opts.query, watch: '1', resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: String(seconds) });
      await client.stream(`${opts.path}?${q}`, onEvent, {
        timeoutMs: seconds * 1000 + timing.requestTimeoutMs,
        signal: abort.signal,
        onOpen: opened,
        maxBytes: timing.maxListBytes,
      });
      failures = 0;
    }
  }

  async function run() {
    while (!abort.signal.aborted) {
      streaming = false;
      try {
        if (!(await list())) {
          markInSync();
          await sleeper.sleep(timing.absentRetryMs);
          continue;
        }
        markInSync();
        await watchUntilBroken();
      } catch (e) {
        if (abort.signal.aborted) return;
        markOutOfSync();
        failures += 1;
        // dropped and expired watches are routine: relist quietly; failing lists and watch requests are reported
        if (!(e instanceof WatchRestart) && (!streaming || e instanceof ResponseTooLargeError)) {
          const err = e instanceof KubeRequestError ? e : new KubeRequestError('error', String(e));
          state.error = { kind: err.kind, message: err.message, since: state.error?.since ?? new Date().toISOString() };
          opts.logger.debug(`list+watch ${what} failed (${err.kind}): ${err.message}`);
        }
        await sleeper.sleep(Math.min(timing.backoffMinMs * 2 ** (failures - 1), timing.backoffMaxMs));
      }
    }
  }

  return {
    items,
    itemsWithLabel: value => index().get(value) ?? [],
    state: () => ({ ...state }),
    start() {
      if (running) return;
      abort = new AbortController();
      running = run();
    },
    async stop() {
      abort.abort();
      sleeper.cancel();
      await running;
      running = undefined;
    },
  };
}
