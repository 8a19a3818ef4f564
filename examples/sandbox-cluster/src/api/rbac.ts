import { status, StatusError } from './status';

/** One rule of a Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule). @public */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/**
 * A user of the sandbox: a bearer token bound to cluster-wide rules, as if
 * through a ClusterRoleBinding. @public
 */
export interface SandboxIdentity {
  /** The user name the API server reports, e.g. `system:serviceaccount:ns:name`. */
  name: string;
  /** Generated when omitted; read it back from `SandboxCluster.tokens`. */
  token?: string;
  rules: PolicyRule[];
}

/** What the API server authorizes a request on (its RequestInfo). */
export type RequestAttributes =
  | { resourceRequest: false; verb: string; path: string }
  | {
      resourceRequest: true;
      verb: string;
      apiGroup: string;
      resource: string;
      subresource: string;
      namespace: string;
      name: string;
    };

const readVerbs = ['get', 'list', 'watch'];

/**
 * The read-only identity AgentDeck and Backstage's Kubernetes plugin use:
 * exactly the rules of docs/agentdeck-rbac.yaml (the reader ClusterRole, then
 * the pod-proxy ClusterRole). No secrets, no configmaps, no writes. @public
 */
export const agentdeckReaderRules: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['pods', 'events', 'namespaces', 'services'],
    verbs: readVerbs,
  },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'replicasets'],
    verbs: readVerbs,
  },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: readVerbs },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: readVerbs,
  },
  { apiGroups: ['keda.sh'], resources: ['scaledobjects'], verbs: readVerbs },
  { apiGroups: ['kagent.dev'], resources: ['agents'], verbs: readVerbs },
  {
    apiGroups: ['policy'],
    resources: ['poddisruptionbudgets'],
    verbs: readVerbs,
  },
  { apiGroups: [''], resources: ['pods/proxy'], verbs: ['get'] },
];

/** The service account name the reader identity has in the docs' bindings. @public */
export const agentdeckReaderUser =
  'system:serviceaccount:agentdeck:agentdeck-reader';

/**
 * The built-in `view` ClusterRole of Kubernetes 1.32 (aggregated from
 * system:aggregate-to-view): what many clusters hand out as "read-only". It
 * cannot read secrets, pods/proxy or any custom resource such as KEDA's. @public
 */
export const viewClusterRoleRules: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
    ],
    verbs: readVerbs,
  },
  {
    apiGroups: [''],
    resources: [
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
    ],
    verbs: readVerbs,
  },
  { apiGroups: [''], resources: ['namespaces'], verbs: readVerbs },
  {
    apiGroups: ['discovery.k8s.io'],
    resources: ['endpointslices'],
    verbs: readVerbs,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
    verbs: readVerbs,
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
    verbs: readVerbs,
  },
  {
    apiGroups: ['batch'],
    resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'],
    verbs: readVerbs,
  },
  {
    apiGroups: ['policy'],
    resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
    verbs: readVerbs,
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses', 'ingresses/status', 'networkpolicies'],
    verbs: readVerbs,
  },
];

export const clusterAdminRules: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

// system:discovery, bound to every authenticated user by default.
const discoveryRule: PolicyRule = {
  nonResourceURLs: [
    '/api',
    '/api/*',
    '/apis',
    '/apis/*',
    '/healthz',
    '/livez',
    '/openapi',
    '/openapi/*',
    '/readyz',
    '/version',
    '/version/',
  ],
  verbs: ['get'],
};

const watchRequested = (q: URLSearchParams) =>
  q.get('watch') === '1' || q.get('watch') === 'true';

function nameFromFieldSelector(q: URLSearchParams): string {
  for (const term of (q.get('fieldSelector') ?? '').split(',')) {
    const m = /^metadata\.name==?(.+)$/.exec(term.trim());
    if (m && !['.', '..'].includes(m[1]) && !/[/%]/.test(m[1])) return m[1];
  }
  return '';
}

/**
 * Reads a request the way the API server's RequestInfoFactory does: from the
 * path alone, whether or not the group or resource is served, so an unknown
 * group is refused (403) before it is found missing (404).
 */
export function requestAttributes(
  method: string,
  pathname: string,
  q: URLSearchParams,
): RequestAttributes {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const nonResource = {
    resourceRequest: false as const,
    verb: method.toLowerCase(),
    path: pathname,
  };
  if (parts.length < 3 || !['api', 'apis'].includes(parts[0]))
    return nonResource;
  let rest = parts.slice(1);
  let apiGroup = '';
  if (parts[0] === 'apis') {
    if (rest.length < 3) return nonResource;
    apiGroup = rest[0];
    rest = rest.slice(1);
  }
  rest = rest.slice(1); // the version
  let verb: string;
  if (['proxy', 'watch'].includes(rest[0]) && rest.length >= 2) {
    verb = rest[0];
    rest = rest.slice(1);
  } else {
    const byMethod: Record<string, string> = {
      POST: 'create',
      GET: 'get',
      HEAD: 'get',
      PUT: 'update',
      PATCH: 'patch',
      DELETE: 'delete',
    };
    verb = byMethod[method] ?? '';
  }
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !['status', 'finalize'].includes(rest[2]))
      rest = rest.slice(2);
  }
  const subresource = rest.length >= 3 && verb !== 'proxy' ? rest[2] : '';
  let name = rest[1] ?? '';
  if (!name && verb === 'get') {
    verb = watchRequested(q) ? 'watch' : 'list';
    name = nameFromFieldSelector(q);
  }
  if (!name && verb === 'delete') verb = 'deletecollection';
  return {
    resourceRequest: true,
    verb,
    apiGroup,
    resource: rest[0] ?? '',
    subresource,
    namespace,
    name,
  };
}

const has = (list: string[] | undefined, v: string) =>
  !!list && (list.includes('*') || list.includes(v));

function urlMatches(rule: string, path: string): boolean {
  if (rule === '*' || rule === path) return true;
  return rule.endsWith('*') && path.startsWith(rule.slice(0, -1));
}

/** Whether one rule allows a request, by the RBAC authorizer's matching rules. */
export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest)
    return (rule.nonResourceURLs ?? []).some(u => urlMatches(u, a.path));
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  const combined = a.subresource
    ? `${a.resource}/${a.subresource}`
    : a.resource;
  const resourceOk = (rule.resources ?? []).some(
    r =>
      r === '*' ||
      r === combined ||
      (!!a.subresource && r === `*/${a.subresource}`),
  );
  if (!resourceOk) return false;
  return !rule.resourceNames?.length || rule.resourceNames.includes(a.name);
}

/** Whether any of the identity's rules, or the default discovery rule, allows the request. */
export const authorize = (rules: PolicyRule[], a: RequestAttributes) =>
  [discoveryRule, ...rules].some(r => ruleAllows(r, a));

/** The 403 a real API server sends when RBAC says no, body and headers alike. */
export function forbidden(user: string, a: RequestAttributes): StatusError {
  const headers = { 'x-content-type-options': 'nosniff' };
  if (!a.resourceRequest) {
    const message = `forbidden: User "${user}" cannot ${a.verb} path "${a.path}"`;
    return new StatusError(status(403, 'Forbidden', message, {}), headers);
  }
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const where = a.namespace
    ? `in the namespace "${a.namespace}"`
    : 'at the cluster scope';
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const message = `${subject} is forbidden: User "${user}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" ${where}`;
  return new StatusError(
    status(403, 'Forbidden', message, {
      ...(a.name ? { name: a.name } : {}),
      ...(a.apiGroup ? { group: a.apiGroup } : {}),
      kind: a.resource,
    }),
    headers,
  );
}
