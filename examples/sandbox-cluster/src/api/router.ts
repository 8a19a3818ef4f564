import { findType, groups, NO_GROUPS, type ResourceType } from './resources';

/** A parsed API path. */
export type Route =
  | { type: 'discovery'; path: string }
  | {
      type: 'resource';
      t: ResourceType;
      ns?: string;
      name?: string;
      sub?: string;
      rest?: string;
    }
  | { type: 'unknownResource' }
  | { type: 'notFound' };

const discoveryPaths = new Set([
  '/version',
  '/api',
  '/apis',
  '/api/v1',
  '/healthz',
  '/readyz',
  '/livez',
]);

/** Splits `/api/v1/namespaces/x/pods/y/proxy/z` into its parts; `installed`: the optional API groups served. */
export function parseRoute(
  pathname: string,
  installed: ReadonlySet<string> = NO_GROUPS,
): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (discoveryPaths.has(path)) return { type: 'discovery', path };
  const segs = path.split('/').slice(1).map(decodeURIComponent);
  let group = '';
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs[1] === 'v1') {
    version = 'v1';
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 2) {
    group = segs[1];
    const g = groups(installed).find(x => x.name === group);
    if (!g) return { type: 'notFound' };
    if (segs.length === 2) return { type: 'discovery', path };
    if (!g.versions.includes(segs[2])) return { type: 'notFound' };
    version = segs[2];
    rest = segs.slice(3);
    if (!rest.length) return { type: 'discovery', path };
  } else return { type: 'notFound' };

  let ns: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    rest[2] !== 'status' &&
    rest[2] !== 'finalize'
  ) {
    ns = rest[1];
    rest = rest.slice(2);
  }
  const t = findType(group, version, rest[0], installed);
  if (!t) return { type: 'unknownResource' };
  if (ns !== undefined && !t.namespaced) return { type: 'unknownResource' };
  return {
    type: 'resource',
    t,
    ns,
    name: rest[1],
    sub: rest[2],
    rest: rest.length > 3 ? rest.slice(3).join('/') : undefined,
  };
}

/** The RBAC verb of a request. */
export function verbOf(
  method: string,
  r: { name?: string },
  q: URLSearchParams,
): string {
  const watch = q.get('watch') === '1' || q.get('watch') === 'true';
  switch (method) {
    case 'GET':
      if (watch) return 'watch';
      return r.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return r.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}
