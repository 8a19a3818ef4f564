import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../types';
import { bookmarkObject } from './bookmarks';
import type { ApiContext } from './context';
import { viewOf } from './list';
import { apiVersionOf, type ResourceType } from './resources';
import { buildFilter } from './selectors';
import { badRequest, status } from './status';
import type { Change } from './store';
import { toTable, wantsTable } from './table';

/**
 * WATCH: HTTP 200 with one JSON event per line. Replays the change log from the
 * requested resourceVersion, then follows live changes until timeoutSeconds.
 */
export function handleWatch(
  ctx: ApiContext,
  res: ServerResponse,
  t: ResourceType,
  ns: string | undefined,
  q: URLSearchParams,
  accept: string | undefined,
) {
  let filter: (o: KubeObject) => boolean;
  try {
    filter = buildFilter(q);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  const inScope = (o: KubeObject | undefined) =>
    !!o && (ns === undefined || o.metadata.namespace === ns) && filter(o);
  const view = viewOf(t);
  const table = wantsTable(accept);
  const apiVersion = apiVersionOf(t);
  const wrap = (o: KubeObject) =>
    table
      ? toTable(t.kind, [view(o)], undefined, ctx.now(), q.get('includeObject'))
      : { kind: t.kind, apiVersion, ...view(o) };
  const store = ctx.store;
  res.writeHead(200, {
    'content-type': table
      ? 'application/json;as=Table;v=v1;g=meta.k8s.io'
      : 'application/json',
    'cache-control': 'no-cache, private',
    'transfer-encoding': 'chunked',
  });
  res.flushHeaders();
  // Once the server hangs (the `silent` fault) this stream is dead: nothing more is sent, it is never ended.
  let stuck = false;
  const send = (type: string, object: unknown) => {
    stuck ||= ctx.faults.silent;
    if (!res.destroyed && !stuck)
      res.write(`${JSON.stringify({ type, object })}\n`);
  };

  const rvParam = q.get('resourceVersion') ?? '';
  const startRv = rvParam && rvParam !== '0' ? Number(rvParam) : undefined;
  if (
    startRv !== undefined &&
    (ctx.faults.expireResourceVersions ||
      !Number.isFinite(startRv) ||
      startRv < store.oldestRv())
  ) {
    const oldest = Math.max(store.oldestRv(), store.currentRv() - 1);
    send(
      'ERROR',
      status(
        410,
        'Expired',
        `too old resource version: ${rvParam} (${oldest})`,
      ),
    );
    res.end();
    return;
  }

  let lastSentRv = startRv ?? store.currentRv();
  let bucketRv = 0;
  const deliver = (c: Change) => {
    bucketRv = c.rv;
    const now = c.type !== 'DELETED' && inScope(c.obj);
    const before = inScope(c.prev);
    let type: string | undefined;
    if (c.type === 'ADDED') type = now ? 'ADDED' : undefined;
    else if (c.type === 'DELETED') type = before ? 'DELETED' : undefined;
    else if (now) type = before ? 'MODIFIED' : 'ADDED';
    else if (before) type = 'DELETED';
    if (!type) return;
    lastSentRv = c.rv;
    send(type, wrap(c.obj));
  };
  if (startRv === undefined) {
    for (const o of store.list(t.storage, ns))
      if (filter(o)) send('ADDED', wrap(o));
  } else
    for (const c of store.changesSince(t.storage, startRv) ?? []) deliver(c);

  const unsubscribe = store.subscribe(c => {
    if (c.storage === t.storage) deliver(c);
  });
  const bookmarksAllowed =
    q.get('allowWatchBookmarks') === 'true' ||
    q.get('allowWatchBookmarks') === '1';
  const bookmark = () => {
    const rv = Math.max(bucketRv, lastSentRv);
    if (bookmarksAllowed && bucketRv > (startRv ?? 0))
      send('BOOKMARK', bookmarkObject(t.kind, apiVersion, rv));
  };
  const timeout = Number(q.get('timeoutSeconds') ?? 0);
  const limitMs = timeout > 0 ? timeout * 1000 : 30 * 60 * 1000;
  const deadline = Date.now() + limitMs;
  // As the real watch cache: a bookmark per interval even on a quiet resource (etcd's revision always
  // moves in a real cluster, if only for node leases), none in a watch's last 2 s.
  const heartbeat = () => {
    if (bookmarksAllowed && Date.now() < deadline - 2000)
      send(
        'BOOKMARK',
        bookmarkObject(
          t.kind,
          apiVersion,
          Math.max(bucketRv, lastSentRv, store.currentRv()),
        ),
      );
  };
  const timers: NodeJS.Timeout[] = [
    setInterval(heartbeat, ctx.bookmarkIntervalMs),
  ];
  const finish = () => {
    unsubscribe();
    timers.forEach(clearTimeout);
    timers.forEach(clearInterval);
    if (!res.writableEnded && !stuck) res.end();
  };
  timers.push(
    setTimeout(() => {
      bookmark();
      finish();
    }, limitMs),
  );
  // Checked periodically so that the fault also cuts watches opened before it was set.
  const openedAt = Date.now();
  timers.push(
    setInterval(() => {
      stuck ||= ctx.faults.silent;
      const drop = ctx.faults.dropWatchesAfterMs;
      if (drop > 0 && Date.now() - openedAt >= drop) finish();
    }, 50),
  );
  res.on('close', finish);
}
