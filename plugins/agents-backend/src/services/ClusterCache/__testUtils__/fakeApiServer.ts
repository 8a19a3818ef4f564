import http from 'node:http';
import { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';

type Obj = {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
  [k: string]: unknown;
};

/** Loads a recorded list's items from __fixtures__. */
export function fixtureItems(file: string): Obj[] {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '__fixtures__', file), 'utf8'),
  ).items;
}

const ROUTES: Record<string, string> = {
  '/api/v1/pods': 'pods',
  '/apis/apps/v1/deployments': 'deployments',
  '/apis/autoscaling/v2/horizontalpodautoscalers': 'hpas',
  '/apis/keda.sh/v1alpha1/scaledobjects': 'scaledobjects',
  '/api/v1/events': 'events',
};

/** Faults a test can switch on. */
export interface FakeFaults {
  status?: number;
  expireWatches?: boolean;
  noKeda?: boolean;
}

/**
 * A plain-HTTP stand-in for the API server, shaped after the recorded v1.32
 * responses: lists with resourceVersion, line-framed watches, 410 as an ERROR
 * event, Status error bodies, and a pod proxy with scripted `/readyz` answers.
 */
export async function startFakeApiServer(token = 'test-token') {
  let rv = 1000;
  const store: Record<string, Map<string, Obj>> = Object.fromEntries(
    Object.values(ROUTES).map(r => [r, new Map()]),
  );
  const watchers = new Set<{
    res: http.ServerResponse;
    resource: string;
    filter: (o: Obj) => boolean;
  }>();
  // Like the API server's watch cache: a watch from resourceVersion N first
  // gets every change after N, so nothing falls between a list and its watch.
  const history: Array<{
    rv: number;
    resource: string;
    type: string;
    object: Obj;
  }> = [];
  const readyz = new Map<string, { status: number; body: string | Buffer }>();
  const faults: FakeFaults = {};
  const stats = { total: 0 };

  const status = (
    res: http.ServerResponse,
    code: number,
    reason: string,
    message: string,
  ) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        code,
      }),
    );
  };

  const server = http.createServer((req, res) => {
    stats.total += 1;
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization !== `Bearer ${token}`)
      return status(res, 401, 'Unauthorized', 'Unauthorized');
    if (faults.status)
      return status(res, faults.status, 'InternalError', 'injected failure');
    const proxy =
      /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/:]+):(\d+)\/proxy(\/.*)$/.exec(
        url.pathname,
      );
    if (proxy) {
      const answer = readyz.get(`${proxy[1]}/${proxy[2]}`) ?? {
        status: 200,
        body: '{"status":"ok","checks":{}}',
      };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      return res.end(answer.body);
    }
    const resource = ROUTES[url.pathname];
    if (!resource || (resource === 'scaledobjects' && faults.noKeda)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('404 page not found\n');
    }
    const field = url.searchParams.get('fieldSelector')?.split('=');
    const label = url.searchParams.get('labelSelector');
    const filter = (o: Obj) =>
      (!label || !!o.metadata.labels?.[label]) &&
      (!field ||
        (o.involvedObject as Record<string, string> | undefined)?.[
          field[0].split('.')[1]
        ] === field[1]);
    if (url.searchParams.get('watch') === '1') {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (faults.expireWatches) {
        return res.end(
          `${JSON.stringify({
            type: 'ERROR',
            object: {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              message: 'too old resource version: 1 (2)',
              reason: 'Expired',
              code: 410,
            },
          })}\n`,
        );
      }
      res.flushHeaders();
      const since = Number(url.searchParams.get('resourceVersion') ?? rv);
      for (const h of history) {
        if (h.rv > since && h.resource === resource && filter(h.object))
          res.write(`${JSON.stringify({ type: h.type, object: h.object })}\n`);
      }
      const w = { res, resource, filter };
      watchers.add(w);
      res.on('close', () => watchers.delete(w));
      return undefined;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(
      JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(rv) },
        items: [...store[resource].values()].filter(filter),
      }),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const emit = (resource: string, type: string, o: Obj) => {
    history.push({ rv, resource, type, object: o });
    for (const w of watchers)
      if (w.resource === resource && w.filter(o) && !w.res.writableEnded)
        w.res.write(`${JSON.stringify({ type, object: o })}\n`);
  };

  return {
    url,
    token,
    stats,
    faults,
    readyz,
    put(resource: string, o: Obj) {
      rv += 1;
      const copy = {
        ...o,
        metadata: { ...o.metadata, resourceVersion: String(rv) },
      };
      const key = `${o.metadata.namespace}/${o.metadata.name}`;
      const type = store[resource].has(key) ? 'MODIFIED' : 'ADDED';
      store[resource].set(key, copy);
      emit(resource, type, copy);
    },
    remove(resource: string, o: Obj) {
      rv += 1;
      store[resource].delete(`${o.metadata.namespace}/${o.metadata.name}`);
      emit(resource, 'DELETED', {
        ...o,
        metadata: { ...o.metadata, resourceVersion: String(rv) },
      });
    },
    /** Ends every open watch: gracefully, or by cutting the connection. */
    dropWatches(cut = false) {
      for (const w of watchers) {
        watchers.delete(w);
        if (cut) w.res.destroy();
        else w.res.end();
      }
    },
    async stop() {
      for (const w of watchers) w.res.destroy();
      server.closeAllConnections();
      await new Promise(r => server.close(r));
    },
  };
}

/** A started fake API server. */
export type FakeApiServer = Awaited<ReturnType<typeof startFakeApiServer>>;
