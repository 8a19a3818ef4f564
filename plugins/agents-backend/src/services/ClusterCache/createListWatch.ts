import {
  KubeClient,
  KubeRequestError,
  ResponseTooLargeError,
} from './kubeClient';
import { Json, obj, str } from './json';
import { listAll } from './listAll';
import { CacheTiming } from './types';
import { createSleeper } from './sleeper';
import { createItemStore } from './itemStore';
import { FailureLog } from './failureLog';
import { startWatchdog } from './watchdog';
import { createSyncState, ListWatchState } from './syncState';

export type { ListWatchState } from './syncState';

/** Options of one list+watch. */
export interface ListWatchOptions<T> {
  client: KubeClient;
  /** Collection path, e.g. /api/v1/pods (all namespaces). */
  path: string;
  /** The resource as RBAC rules and `kubectl auth can-i` name it, e.g. deployments.apps. */
  resource: string;
  query: Record<string, string>;
  strip: (raw: Json) => T;
  /**
   * Something the cache does without, named for people (e.g. ScaledObjects): a
   * 404 (KEDA not installed) keeps an empty set quietly; a 403 keeps an empty
   * set and says what to grant in `hidden`, rather than failing the cluster.
   */
  optional?: {
    title: string;
    /**
     * The API's discovery path, e.g. /apis/kagent.dev/v1alpha2: on a 403, it
     * tells an API that is not installed (404, readable by everyone) from one
     * AgentDeck may not read, so a cluster without it stays quiet.
     */
    discoveryPath?: string;
  };
  /** Keep at most this many objects (events), dropping the oldest. */
  maxItems?: number;
  /** Index objects by this label's value, for {@link ListWatch.itemsWithLabel}. */
  indexLabel?: string;
  timing: CacheTiming;
  log: FailureLog;
}

/** A self-healing list+watch of one resource type in one cluster. */
export interface ListWatch<T> {
  /** As in {@link ListWatchOptions.resource}. */
  readonly resource: string;
  /** Every object; the same array until something changes, so callers must not mutate it. */
  items(): T[];
  /** Objects whose `indexLabel` has this value (empty without an indexLabel). */
  itemsWithLabel(value: string): T[];
  /** One object by namespace and name. */
  get(namespace: string, name: string): T | undefined;
  state(): ListWatchState;
  start(): void;
  stop(): Promise<void>;
}

class WatchRestart extends Error {}

/** Lists, then watches from the list's resourceVersion; relists after 410 Expired, drops, errors and silence. */
export function createListWatch<T>(opts: ListWatchOptions<T>): ListWatch<T> {
  const { client, timing, log, resource } = opts;
  const cluster = client.cluster.name;
  const store = createItemStore(opts);
  let resourceVersion = '';
  let running: Promise<void> | undefined;
  let abort = new AbortController();
  const sleeper = createSleeper();
  const title = opts.optional?.title ?? resource;
  const sync = createSyncState({ cluster, resource, title, log });

  /** Set once a watch is open: failures after that are drops, which a relist repairs, not cluster errors. */
  let streaming = false;
  /** Consecutive failures since events last flowed: the backoff exponent. */
  let failures = 0;
  /** When the open watch last showed a sign of life: its answer, an event or a bookmark. */
  let heardAt = Date.now();
  let watching = false;
  /** Set when the watchdog cut a watch that went silent. */
  let silent = false;

  const opened = () => {
    streaming = true;
    heardAt = Date.now();
    sync.markInSync();
  };

  async function list() {
    const listed = await listAll(
      client,
      opts.path,
      opts.query,
      timing,
      abort.signal,
      !!opts.optional,
    );
    store.replace(listed?.items ?? []);
    resourceVersion = listed?.resourceVersion ?? '';
    return listed !== undefined;
  }

  function onEvent(line: string) {
    heardAt = Date.now();
    const event = obj(JSON.parse(line));
    const object = obj(event.object);
    const rv = str(obj(object.metadata).resourceVersion);
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        store.put(object);
        break;
      case 'DELETED':
        store.remove(object);
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

  function watchdogFor(cutter: AbortController) {
    return startWatchdog(
      () => heardAt,
      timing.silenceMs,
      () => {
        silent = true;
        cutter.abort();
      },
    );
  }

  async function watchUntilBroken() {
    for (;;) {
      const seconds = Math.round(
        timing.watchTimeoutSeconds * (1 + Math.random() * 0.2),
      );
      const q = new URLSearchParams({
        ...opts.query,
        watch: '1',
        resourceVersion,
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(seconds),
      });
      // one signal per watch, cut by stop() or by the watchdog (not AbortSignal.any,
      // whose followers of a long-lived signal leak on some Node versions)
      const cutter = new AbortController();
      const stopped = () => cutter.abort();
      abort.signal.addEventListener('abort', stopped);
      heardAt = Date.now();
      watching = true;
      const stopWatchdog = watchdogFor(cutter);
      try {
        await client.stream(`${opts.path}?${q}`, onEvent, {
          timeoutMs: seconds * 1000 + timing.requestTimeoutMs,
          signal: cutter.signal,
          onOpen: opened,
          maxBytes: timing.maxListBytes,
        });
      } finally {
        abort.signal.removeEventListener('abort', stopped);
        stopWatchdog();
        watching = false;
      }
      failures = 0;
    }
  }

  function onFailure(e: unknown) {
    const err =
      e instanceof KubeRequestError
        ? e
        : new KubeRequestError('error', String(e));
    if (silent) {
      silent = false;
      sync.markOutOfSync(new Date(heardAt));
      sync.silenced(timing.silenceMs / 1000);
      return;
    }
    sync.markOutOfSync();
    // dropped and expired watches are routine: relist quietly; failing lists and watch requests are reported
    const answered = err.httpStatus !== undefined && err.httpStatus !== 410;
    if (
      e instanceof WatchRestart ||
      (streaming && !answered && !(e instanceof ResponseTooLargeError))
    ) {
      log.debug(`list+watch ${cluster} ${resource} restarts: ${err.message}`);
    } else sync.fail(err);
  }

  /** False only when the optional API's discovery path answers 404. */
  async function installed(): Promise<boolean> {
    const path = opts.optional?.discoveryPath;
    if (!path) return true;
    try {
      const res = await client.get(path, {
        timeoutMs: timing.requestTimeoutMs,
        maxBytes: 1024 * 1024,
        signal: abort.signal,
      });
      return res.status !== 404;
    } catch {
      return true;
    }
  }

  async function run() {
    while (!abort.signal.aborted) {
      streaming = false;
      try {
        const present = await list();
        sync.unhide(present);
        sync.markInSync();
        if (present) await watchUntilBroken();
        else await sleeper.sleep(timing.absentRetryMs);
      } catch (e) {
        if (abort.signal.aborted) return;
        if (
          opts.optional &&
          e instanceof KubeRequestError &&
          e.httpStatus === 403
        ) {
          store.replace([]);
          if (await installed()) sync.hide();
          else {
            // RBAC answers before the API is looked up: not installed at all, nothing to grant
            sync.unhide(false);
            sync.markInSync();
          }
          await sleeper.sleep(timing.absentRetryMs);
          continue;
        }
        failures += 1;
        onFailure(e);
        await sleeper.sleep(
          Math.min(
            timing.backoffMinMs * 2 ** (failures - 1),
            timing.backoffMaxMs,
          ),
        );
      }
    }
  }

  return {
    resource,
    items: store.items,
    itemsWithLabel: store.itemsWithLabel,
    get: store.get,
    state() {
      const state = sync.get();
      // the watchdog may not have fired yet: silence is already staleness
      if (
        watching &&
        state.inSync &&
        Date.now() - heardAt >= timing.silenceMs
      ) {
        return { ...state, inSync: false, lastInSyncAt: new Date(heardAt) };
      }
      return state;
    },
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
