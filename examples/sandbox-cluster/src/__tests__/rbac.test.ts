import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kubectlPath } from '@agentdeck/test-utils';
import { parseAllDocuments } from 'yaml';
import {
  agentdeckReaderRules,
  agentdeckReaderUser,
  viewClusterRoleRules,
} from '../api/rbac';
import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call, fixture } from '../__testUtils__/helpers';

jest.setTimeout(30000);

// eslint-disable-next-line no-restricted-syntax -- the docs live at the repository root
const rbacDoc = resolve(__dirname, '../../../../docs/agentdeck-rbac.yaml');
const viewUser = 'system:serviceaccount:backstage:view';

const kubectl = (
  kubeconfig: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise(done => {
    execFile(
      kubectlPath(),
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: 30000 },
      (err, stdout, stderr) =>
        done({
          code: err ? Number((err as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    );
  });

/** The 403 body of a real API server, keys in its order. */
const forbiddenBody = (message: string, details: Record<string, string>) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason: 'Forbidden',
  details,
  code: 403,
});

describe('RBAC per request, as the API server evaluates it', () => {
  let c: SandboxCluster;
  let pod: string;
  const reader = () => ({ token: c.readerToken });

  beforeAll(async () => {
    c = await startSandboxCluster({
      scenario: 'small',
      timeScale: 0,
      identities: [{ name: viewUser, rules: viewClusterRoleRules }],
    });
    c.sim.advance(30);
    const pods = await call(
      c,
      '/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dbilling-agent',
    );
    pod = pods.json.items[0].metadata.name;
  });
  afterAll(() => c.stop());

  it('lets the reader list and watch what AgentDeck reads, and reach /readyz through the pod proxy', async () => {
    for (const path of [
      '/api/v1/pods',
      '/api/v1/namespaces/ai-agents/pods',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/replicasets',
      '/api/v1/events',
      '/apis/events.k8s.io/v1/events',
      '/apis/autoscaling/v2/horizontalpodautoscalers',
      '/apis/keda.sh/v1alpha1/scaledobjects',
      '/api/v1/namespaces',
      '/api/v1/namespaces/ai-agents/services',
      '/apis/policy/v1/poddisruptionbudgets',
    ]) {
      expect([path, (await call(c, path, reader())).status]).toEqual([
        path,
        200,
      ]);
    }
    const one = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pod}`,
      reader(),
    );
    expect(one.json.metadata.name).toBe(pod);
    const watch = await call(
      c,
      '/api/v1/pods?watch=1&timeoutSeconds=1',
      reader(),
    );
    expect(watch.status).toBe(200);
    const readyz = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pod}:8000/proxy/readyz`,
      reader(),
    );
    expect(readyz.status).toBe(200);
    expect(JSON.parse(readyz.text).checks).toHaveProperty('llm_api');
    expect((await call(c, '/apis', reader())).status).toBe(200);
    expect((await call(c, '/version', reader())).status).toBe(200);
  });

  it('refuses the reader every Secret with the body a real 1.32 API server sends', async () => {
    const list = await call(
      c,
      '/api/v1/namespaces/ai-agents/secrets',
      reader(),
    );
    expect(list.status).toBe(403);
    expect(list.headers['x-content-type-options']).toBe('nosniff');
    expect(list.json).toEqual(
      forbiddenBody(
        `secrets is forbidden: User "${agentdeckReaderUser}" cannot list resource "secrets" in API group "" in the namespace "ai-agents"`,
        { kind: 'secrets' },
      ),
    );
    expect(Object.keys(list.json)).toEqual(
      Object.keys(fixture('error-403-forbidden-viewer-list-pods.json')),
    );
    const all = await call(c, '/api/v1/secrets', reader());
    expect(all.json.message).toBe(
      `secrets is forbidden: User "${agentdeckReaderUser}" cannot list resource "secrets" in API group "" at the cluster scope`,
    );
    const one = await call(
      c,
      '/api/v1/namespaces/ai-agents/secrets/billing-agent-secrets',
      reader(),
    );
    expect(one.json).toEqual(
      forbiddenBody(
        `secrets "billing-agent-secrets" is forbidden: User "${agentdeckReaderUser}" cannot get resource "secrets" in API group "" in the namespace "ai-agents"`,
        { name: 'billing-agent-secrets', kind: 'secrets' },
      ),
    );
    const watch = await call(
      c,
      '/api/v1/namespaces/ai-agents/secrets?watch=true',
      reader(),
    );
    expect(watch.json.message).toMatch(/cannot watch resource "secrets"/);
    const byField = await call(
      c,
      '/api/v1/namespaces/ai-agents/secrets?fieldSelector=metadata.name%3Dbilling-agent-secrets',
      reader(),
    );
    expect(byField.json.details).toEqual({
      name: 'billing-agent-secrets',
      kind: 'secrets',
    });
    // the admin token still reads them: the refusal is the reader's, not the sandbox's
    const admin = await call(c, '/api/v1/namespaces/ai-agents/secrets');
    expect(admin.json.items.length).toBeGreaterThan(0);
  });

  it('refuses the reader ConfigMaps, pod logs and every write, and changes nothing', async () => {
    const cm = await call(c, '/api/v1/configmaps', reader());
    expect(cm.status).toBe(403);
    const logs = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pod}/log`,
      reader(),
    );
    expect(logs.json.message).toBe(
      `pods "${pod}" is forbidden: User "${agentdeckReaderUser}" cannot get resource "pods/log" in API group "" in the namespace "ai-agents"`,
    );
    const create = await call(
      c,
      '/apis/apps/v1/namespaces/ai-agents/deployments',
      {
        ...reader(),
        method: 'POST',
        body: JSON.stringify({ metadata: { name: 'intruder' } }),
      },
    );
    expect(create.json).toEqual(
      forbiddenBody(
        `deployments.apps is forbidden: User "${agentdeckReaderUser}" cannot create resource "deployments" in API group "apps" in the namespace "ai-agents"`,
        { group: 'apps', kind: 'deployments' },
      ),
    );
    const scale = await call(
      c,
      '/apis/apps/v1/namespaces/ai-agents/deployments/billing-agent/scale',
      {
        ...reader(),
        method: 'PATCH',
        body: JSON.stringify({ spec: { replicas: 0 } }),
        headers: { 'content-type': 'application/merge-patch+json' },
      },
    );
    expect(scale.json.message).toBe(
      `deployments.apps "billing-agent" is forbidden: User "${agentdeckReaderUser}" cannot patch resource "deployments/scale" in API group "apps" in the namespace "ai-agents"`,
    );
    const del = await call(c, `/api/v1/namespaces/ai-agents/pods/${pod}`, {
      ...reader(),
      method: 'DELETE',
    });
    expect(del.json.message).toMatch(/cannot delete resource "pods"/);
    const proxyPost = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pod}:8000/proxy/readyz`,
      { ...reader(), method: 'POST', body: '{}' },
    );
    expect(proxyPost.json.message).toMatch(
      /cannot create resource "pods\/proxy"/,
    );
    expect(
      (await call(c, `/api/v1/namespaces/ai-agents/pods/${pod}`)).status,
    ).toBe(200);
    expect(
      (await call(c, '/apis/apps/v1/namespaces/ai-agents/deployments/intruder'))
        .status,
    ).toBe(404);
  });

  it('decides on the path before looking anything up, as RBAC does', async () => {
    // not installed: the admin is told so, the reader is not even asked
    const metrics = '/apis/metrics.k8s.io/v1beta1/namespaces/ai-agents/pods';
    expect((await call(c, metrics)).status).toBe(404);
    const refused = await call(c, metrics, reader());
    expect(refused.json.details).toEqual({
      group: 'metrics.k8s.io',
      kind: 'pods',
    });
    const path = await call(c, '/metrics', reader());
    expect(path.json).toEqual(
      forbiddenBody(
        `forbidden: User "${agentdeckReaderUser}" cannot get path "/metrics"`,
        {},
      ),
    );
    expect(
      (await call(c, '/api/v1/pods', { token: 'reader-not-a-token' })).status,
    ).toBe(401);
  });

  it('models the built-in view ClusterRole: pods yes, KEDA and the pod proxy no', async () => {
    const token = c.tokens[viewUser];
    expect(token).toBeTruthy();
    expect((await call(c, '/api/v1/pods', { token })).status).toBe(200);
    expect((await call(c, '/api/v1/configmaps', { token })).status).toBe(200);
    const so = await call(c, '/apis/keda.sh/v1alpha1/scaledobjects', {
      token,
    });
    expect(so.json).toEqual(
      forbiddenBody(
        `scaledobjects.keda.sh is forbidden: User "${viewUser}" cannot list resource "scaledobjects" in API group "keda.sh" at the cluster scope`,
        { group: 'keda.sh', kind: 'scaledobjects' },
      ),
    );
    const proxy = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pod}:8000/proxy/readyz`,
      { token },
    );
    expect(proxy.status).toBe(403);
    expect((await call(c, '/api/v1/secrets', { token })).status).toBe(403);
  });

  it('takes identities with tokens of their own', async () => {
    const d = await startSandboxCluster({
      scenario: 'small',
      timeScale: 0,
      identities: [
        {
          name: 'pods-only',
          token: 'pods-only-token',
          rules: [
            {
              apiGroups: [''],
              resources: ['pods'],
              resourceNames: ['nothing-else'],
              verbs: ['get'],
            },
          ],
        },
      ],
    });
    try {
      expect(d.tokens['pods-only']).toBe('pods-only-token');
      const token = 'pods-only-token';
      const named = await call(
        d,
        '/api/v1/namespaces/ai-agents/pods/nothing-else',
        { token },
      );
      expect(named.status).toBe(404);
      const other = await call(d, '/api/v1/namespaces/ai-agents/pods/x', {
        token,
      });
      expect(other.status).toBe(403);
    } finally {
      await d.stop();
    }
  });

  it('answers real kubectl with the error text a real cluster gives the reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-rbac-'));
    const kc = join(dir, 'reader');
    writeFileSync(kc, c.kubeconfig(c.readerToken));
    const secrets = await kubectl(kc, ['get', 'secrets', '-n', 'ai-agents']);
    expect(secrets.code).not.toBe(0);
    expect(secrets.stdout).toBe('');
    expect(secrets.stderr.trim()).toBe(
      `Error from server (Forbidden): secrets is forbidden: User "${agentdeckReaderUser}" cannot list resource "secrets" in API group "" in the namespace "ai-agents"`,
    );
    const pods = await kubectl(kc, ['get', 'pods', '-n', 'ai-agents']);
    expect(pods.code).toBe(0);
    expect(pods.stdout).toMatch(/billing-agent-\S+\s+1\/1\s+Running/);
    const readyz = await kubectl(kc, [
      'get',
      '--raw',
      `/api/v1/namespaces/ai-agents/pods/${pod}:8000/proxy/readyz`,
    ]);
    expect(readyz.code).toBe(0);
  });
});

describe('docs/agentdeck-rbac.yaml', () => {
  const docs = parseAllDocuments(readFileSync(rbacDoc, 'utf8')).map(
    d => d.toJS() as Record<string, any>,
  );
  const named = (kind: string, name: string) => {
    const doc = docs.find(d => d.kind === kind && d.metadata.name === name);
    if (!doc) throw new Error(`${kind} ${name} is not in ${rbacDoc}`);
    return doc;
  };

  it("grants exactly the sandbox reader's rules", () => {
    expect([
      ...named('ClusterRole', 'agentdeck-reader').rules,
      ...named('ClusterRole', 'agentdeck-pod-proxy').rules,
    ]).toEqual(agentdeckReaderRules);
  });

  it("binds both roles to the reader's service account", () => {
    const [, , namespace, name] = agentdeckReaderUser.split(':');
    const bindings = [
      named('ClusterRoleBinding', 'agentdeck-reader'),
      named('RoleBinding', 'agentdeck-pod-proxy'),
    ];
    for (const b of bindings) {
      expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name, namespace }]);
      expect(b.roleRef.kind).toBe('ClusterRole');
    }
    expect(named('ServiceAccount', name).metadata.namespace).toBe(namespace);
  });

  it('is accepted by a cluster admin applying it with kubectl', async () => {
    const c = await startSandboxCluster({ scenario: 'small', timeScale: 0 });
    try {
      const kc = join(mkdtempSync(join(tmpdir(), 'sandbox-rbac-')), 'admin');
      writeFileSync(kc, c.kubeconfig());
      const applied = await kubectl(kc, ['apply', '-f', rbacDoc]);
      expect(applied.stderr).toBe('');
      expect(applied.stdout).toContain(
        'clusterrole.rbac.authorization.k8s.io/agentdeck-reader created',
      );
      expect(applied.stdout).toContain(
        'rolebinding.rbac.authorization.k8s.io/agentdeck-pod-proxy created',
      );
    } finally {
      await c.stop();
    }
  });
});
