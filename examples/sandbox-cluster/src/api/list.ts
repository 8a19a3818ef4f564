import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../types';
import type { ApiContext } from './context';
import { toEventsV1 } from './eventsView';
import { apiVersionOf, type ResourceType } from './resources';
import { buildFilter } from './selectors';
import { badRequest, status, StatusError } from './status';
import { toTable, wantsTable } from './table';

const encodeContinue = (rv: number, start: string) =>
  Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString(
    'base64url',
  );

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof c.rv !== 'number' || typeof c.start !== 'string')
      throw new Error('bad');
    return c;
  } catch {
    throw badRequest(`invalid continue token: ${token}`);
  }
}

/** How objects of this API view leave the server (events.k8s.io reshapes core events). */
export const viewOf = (t: ResourceType) =>
  t.group === 'events.k8s.io' ? toEventsV1 : (o: KubeObject) => o;

const keyOf = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** LIST with selectors, pagination and resourceVersion semantics. */
export async function handleList(
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
  const store = ctx.store;
  const expired = (rv: number) =>
    ctx.faults.expireResourceVersions || rv < store.oldestRv();
  let items: KubeObject[] | undefined;
  let listRv = store.currentRv();
  let start = '';
  const cont = q.get('continue');
  const rvParam = q.get('resourceVersion');
  if (cont) {
    const c = decodeContinue(cont);
    items = expired(c.rv) ? undefined : store.listAt(t.storage, c.rv, ns);
    if (!items)
      throw new StatusError(
        status(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          undefined,
          { continue: encodeContinue(-1, c.start) },
        ),
      );
    listRv = c.rv;
    start = c.start;
  } else if (q.get('resourceVersionMatch') === 'Exact' && rvParam) {
    const rv = Number(rvParam);
    if (!Number.isFinite(rv))
      throw badRequest(`invalid resourceVersion: ${rvParam}`);
    items = expired(rv) ? undefined : store.listAt(t.storage, rv, ns);
    if (!items)
      throw new StatusError(
        status(
          410,
          'Expired',
          'The resourceVersion for the provided list is too old.',
        ),
      );
    listRv = rv;
  } else items = store.list(t.storage, ns);
  const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
  const limit = Number(q.get('limit') ?? 0);
  const selected = Boolean(q.get('labelSelector') || q.get('fieldSelector'));
  // items are sorted by key: a page starts where its continue key points, found by halving
  let lo = 0;
  if (start) {
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyOf(items[mid]) > start) hi = mid;
      else lo = mid + 1;
    }
  }
  let matched: KubeObject[] = [];
  for (let i = lo; i < items.length; i++) {
    if (!filter(items[i])) continue;
    matched.push(items[i]);
    // with a selector no count of the rest is given: one past the page is enough
    if (selected && limit > 0 && matched.length > limit) break;
  }
  if (limit > 0 && matched.length > limit) {
    const rest = matched.length - limit;
    matched = matched.slice(0, limit);
    meta.continue = encodeContinue(
      listRv,
      `${keyOf(matched[limit - 1])}\u0000`,
    );
    if (!selected) meta.remainingItemCount = rest;
  }
  const view = viewOf(t);
  if (wantsTable(accept)) {
    const table = toTable(
      t.kind,
      matched.map(view),
      String(listRv),
      ctx.now(),
      q.get('includeObject'),
    );
    (table.metadata as Record<string, unknown>) = meta;
    await writeChunks(
      res,
      'application/json;as=Table;v=v1;g=meta.k8s.io',
      JSON.stringify(table).slice(0, -1),
      [],
      '}',
    );
    return;
  }
  const head = `{"kind":"${t.kind}List","apiVersion":"${apiVersionOf(
    t,
  )}","metadata":${JSON.stringify(meta)},"items":[`;
  await writeChunks(res, 'application/json', head, matched.map(view), ']}');
}

/** Streams a big list without building one giant string. */
async function writeChunks(
  res: ServerResponse,
  contentType: string,
  head: string,
  items: KubeObject[],
  tail: string,
) {
  res.writeHead(200, {
    'content-type': contentType,
    'cache-control': 'no-cache, private',
  });
  res.write(head);
  for (let i = 0; i < items.length; i += 500) {
    const part = items
      .slice(i, i + 500)
      .map(o => JSON.stringify(o))
      .join(',');
    const ok = res.write(i ? `,${part}` : part);
    if (!ok && !res.destroyed)
      await new Promise<void>(r => {
        res.once('drain', () => r());
        res.once('close', () => r());
      });
    if (res.destroyed) return;
  }
  res.end(tail);
}
