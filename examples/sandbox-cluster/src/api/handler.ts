import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ApiContext } from './context';
import {
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
  wantsAggregated,
} from './discovery';
import { handleList } from './list';
import { openapiFor } from './openapi';
import {
  authorize,
  forbidden,
  requestAttributes,
  type SandboxIdentity,
} from './rbac';
import { handleProxy, handleLog } from './proxy';
import { parseRoute, verbOf, type Route } from './router';
import { handleWatch } from './watch';
import { handleWrite, single } from './write';
import {
  notFound,
  sendJson,
  sendPlain404,
  sendStatus,
  status,
  StatusError,
} from './status';

/** Per-request counters (benchmarks count API-server calls here). */
export interface Stats {
  total: number;
  byRoute: Record<string, number>;
  /** Requests per User-Agent header, so tests can see who called ('' for none). */
  userAgents: Record<string, number>;
  /** When each pod-proxy request arrived (ms since the epoch), the latest 100,000: benchmarks check the request budget with them. */
  podProxyAt: number[];
}

const routeKey = (method: string, r: Route, q: URLSearchParams) => {
  if (r.type !== 'resource')
    return r.type === 'discovery' ? `discovery ${r.path}` : 'notFound';
  const res = `${r.t.group ? `${r.t.group}/` : ''}${r.t.plural}${
    r.sub ? `/${r.sub}` : ''
  }`;
  return `${verbOf(method, r, q)} ${res}`;
};

function discovery(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  const agg = wantsAggregated(req.headers.accept);
  if ((path === '/api' || path === '/apis') && agg) {
    const body = aggregatedDiscovery(
      path === '/api',
      `apidiscovery.k8s.io/${agg}`,
      ctx.installedGroups,
    );
    return sendJson(res, 200, body, {
      'content-type': `application/json;g=apidiscovery.k8s.io;v=${agg};as=APIGroupDiscoveryList`,
      vary: 'Accept',
      'cache-control': 'public',
    });
  }
  if (path === '/version') return sendJson(res, 200, versionInfo);
  if (path === '/api')
    return sendJson(res, 200, apiVersions(ctx.serverAddress));
  if (path === '/apis')
    return sendJson(res, 200, apiGroupList(ctx.installedGroups));
  if (['/healthz', '/readyz', '/livez'].includes(path)) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end('ok');
  }
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (m && !m[2]) {
    const g = apiGroupList(ctx.installedGroups).groups.find(
      x => x.name === m[1],
    );
    return g
      ? sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...g })
      : sendPlain404(res);
  }
  let list: ReturnType<typeof apiResourceList>;
  if (path === '/api/v1') list = apiResourceList('', 'v1');
  else if (m) list = apiResourceList(m[1], m[2], ctx.installedGroups);
  return list ? sendJson(res, 200, list) : sendPlain404(res);
}

/** Routes one authenticated API request. */
async function route(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  r: Route,
  q: URLSearchParams,
) {
  if (r.type === 'discovery') return discovery(ctx, req, res, r.path);
  if (r.type === 'notFound') {
    const doc =
      req.method === 'GET'
        ? openapiFor(
            new URL(req.url ?? '/', 'https://x').pathname.replace(/\/+$/, ''),
            ctx.installedGroups,
          )
        : undefined;
    return doc ? sendJson(res, 200, doc) : sendPlain404(res);
  }
  if (r.type === 'unknownResource')
    return sendStatus(
      res,
      status(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      ),
    );
  const method = req.method ?? 'GET';
  const verb = verbOf(method, r, q);
  const { t, ns, name, sub } = r;
  if (sub === 'proxy' && t.kind === 'Pod' && name)
    return handleProxy(ctx, req, res, ns, name, r.rest ?? '', q);
  if (sub === 'log' && t.kind === 'Pod' && name)
    return handleLog(ctx, res, ns, name, q);
  if (sub && !['status', 'scale'].includes(sub))
    throw new StatusError(
      status(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      ),
    );
  if (method === 'GET') {
    if (!name)
      return verb === 'watch'
        ? handleWatch(ctx, res, t, ns, q, req.headers.accept)
        : handleList(ctx, res, t, ns, q, req.headers.accept);
    const o = ctx.store.get(t.storage, t.namespaced ? ns : undefined, name);
    if (!o) throw notFound(t.plural, name, t.group);
    return sendJson(res, 200, single(t, o));
  }
  return handleWrite(ctx, req, res, t, ns, name, sub, q);
}

/** The user of a client certificate the sandbox's CA signed: its common name, as kube-apiserver reads it. */
function certificateIdentity(
  ctx: ApiContext,
  req: IncomingMessage,
): SandboxIdentity | undefined {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized) return undefined;
  const user = socket.getPeerCertificate().subject?.CN;
  return [...ctx.identities.values()].find(i => i.name === user);
}

/** The whole request pipeline: stats, latency, auth, injected faults, routing, errors. */
export function createHandler(
  ctx: ApiContext,
  stats: Stats,
  baseLatencyMs: number,
) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://sandbox');
    const q = url.searchParams;
    let r: Route;
    try {
      r = parseRoute(url.pathname, ctx.installedGroups);
    } catch {
      r = { type: 'notFound' };
    }
    const key = routeKey(req.method ?? 'GET', r, q);
    stats.total++;
    stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;
    if (key.includes('pods/proxy')) {
      stats.podProxyAt.push(Date.now());
      if (stats.podProxyAt.length > 100_000) stats.podProxyAt.splice(0, 10_000);
    }
    const agent = req.headers['user-agent'] ?? '';
    stats.userAgents[agent] = (stats.userAgents[agent] ?? 0) + 1;
    // a hung API server: the request is read and never answered; only the client's own timeout ends it
    if (ctx.faults.silent) return;
    const delay = baseLatencyMs + ctx.faults.latencyMs;
    if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));
    try {
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
      const identity =
        ctx.identities.get(token) ?? certificateIdentity(ctx, req);
      if (!identity) {
        sendStatus(res, status(401, 'Unauthorized', 'Unauthorized'));
        return;
      }
      // As in kube-apiserver: RBAC decides on the path alone, before anything is looked up.
      const attributes = requestAttributes(
        req.method ?? 'GET',
        url.pathname,
        q,
      );
      if (!authorize(identity.rules, attributes))
        throw forbidden(identity.name, attributes);
      if (
        ctx.faults.throttleRate > 0 &&
        r.type !== 'discovery' &&
        ctx.rng.next() < ctx.faults.throttleRate
      ) {
        sendStatus(
          res,
          status(
            429,
            'TooManyRequests',
            'Too many requests, please try again later.',
            { retryAfterSeconds: 1 },
          ),
          { 'retry-after': '1' },
        );
        return;
      }
      if (
        ctx.faults.errorRate > 0 &&
        r.type !== 'discovery' &&
        ctx.rng.next() < ctx.faults.errorRate
      ) {
        sendStatus(
          res,
          status(
            500,
            'InternalError',
            'Internal error occurred: injected fault (sandbox errorRate)',
            { causes: [{ message: 'injected fault (sandbox errorRate)' }] },
          ),
        );
        return;
      }
      await route(ctx, req, res, r, q);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof StatusError) sendStatus(res, e.body, e.headers);
      else
        sendStatus(
          res,
          status(
            500,
            'InternalError',
            `Internal error occurred: ${(e as Error).message}`,
            { causes: [{ message: (e as Error).message }] },
          ),
        );
    }
  };
}
