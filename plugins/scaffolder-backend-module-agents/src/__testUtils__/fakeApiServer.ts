import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the fake API server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType?: string;
  authorization?: string;
  body?: any;
}

const GROUPS: Record<string, Array<[string, string, boolean]>> = {
  '/api/v1': [
    ['Namespace', 'namespaces', false],
    ['ConfigMap', 'configmaps', true],
    ['Service', 'services', true],
    ['ServiceAccount', 'serviceaccounts', true],
    ['ResourceQuota', 'resourcequotas', true],
    ['LimitRange', 'limitranges', true],
  ],
  '/apis/apps/v1': [['Deployment', 'deployments', true]],
  '/apis/autoscaling/v2': [
    ['HorizontalPodAutoscaler', 'horizontalpodautoscalers', true],
  ],
  '/apis/networking.k8s.io/v1': [
    ['Ingress', 'ingresses', true],
    ['NetworkPolicy', 'networkpolicies', true],
  ],
  '/apis/policy/v1': [['PodDisruptionBudget', 'poddisruptionbudgets', true]],
  '/apis/rbac.authorization.k8s.io/v1': [
    ['Role', 'roles', true],
    ['RoleBinding', 'rolebindings', true],
  ],
  '/apis/monitoring.coreos.com/v1': [
    ['ServiceMonitor', 'servicemonitors', true],
  ],
  // keda.sh and external-secrets.io are deliberately not installed.
};

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length
    ? JSON.parse(Buffer.concat(chunks).toString())
    : undefined;
};

/** The PodSecurity "restricted" rules the real server warns about for a Deployment (see fixtures). */
function podSecurityWarning(body: any): string | undefined {
  const pod = body?.spec?.template?.spec;
  if (!pod) return undefined;
  const c = pod.containers?.[0] ?? {};
  const problems = [];
  if (c.securityContext?.allowPrivilegeEscalation !== false)
    problems.push('allowPrivilegeEscalation != false');
  if (
    pod.securityContext?.runAsNonRoot !== true &&
    c.securityContext?.runAsNonRoot !== true
  )
    problems.push('runAsNonRoot != true');
  if (!problems.length) return undefined;
  return `299 - "would violate PodSecurity \\"restricted:latest\\": ${problems.join(
    ', ',
  )}"`;
}

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

/** An object the fake server holds, with the field manager that last applied it. */
interface StoredObject {
  body: any;
  manager: string;
}

/**
 * Starts a minimal Kubernetes API (discovery, get, create, server-side apply) on 127.0.0.1.
 * Apply conflicts are simplified: any object last written by another field manager conflicts
 * unless `force=true`, where the real server compares the fields each manager owns.
 */
export async function startFakeApiServer(token: string) {
  const requests: RecordedRequest[] = [];
  const objects = new Map<string, StoredObject>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      body,
    });
    const json = (
      code: number,
      obj: unknown,
      headers: Record<string, string> = {},
    ) =>
      res
        .writeHead(code, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(obj));
    if (req.headers.authorization !== `Bearer ${token}`) {
      return json(401, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
    const group = GROUPS[url.pathname];
    if (req.method === 'GET' && group) {
      return json(200, {
        kind: 'APIResourceList',
        groupVersion: url.pathname.replace(/^\/apis?\//, ''),
        resources: group.map(([kind, name, namespaced]) => ({
          kind,
          name,
          namespaced,
          verbs: ['get', 'create', 'patch'],
        })),
      });
    }
    const dryRun = url.searchParams.get('dryRun') === 'All';
    const manager = url.searchParams.get('fieldManager') ?? 'unknown';
    const stored = objects.get(url.pathname);
    if (req.method === 'GET') {
      return stored
        ? json(200, stored.body)
        : json(404, status(404, 'NotFound', `${url.pathname} not found`));
    }
    if (req.method === 'POST') {
      const path = `${url.pathname}/${body?.metadata?.name}`;
      if (objects.has(path))
        return json(
          409,
          status(409, 'AlreadyExists', `${path} already exists`),
        );
      if (!dryRun) objects.set(path, { body, manager });
      return json(201, body);
    }
    if (req.method === 'PATCH') {
      if (
        stored &&
        stored.manager !== manager &&
        url.searchParams.get('force') !== 'true'
      ) {
        return json(
          409,
          status(
            409,
            'Conflict',
            `Apply failed with 1 conflict: conflict with "${stored.manager}": .metadata.labels`,
          ),
        );
      }
      if (!dryRun) objects.set(url.pathname, { body, manager });
      const warning =
        body?.kind === 'Deployment' ? podSecurityWarning(body) : undefined;
      return json(200, body, warning ? { warning } : {});
    }
    return json(404, status(404, 'NotFound', 'not found'));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    /** Objects by API path, e.g. `/api/v1/namespaces/ai-agents-dev`. */
    objects,
    close: () => new Promise(r => server.close(r)),
  };
}
