import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';

jest.setTimeout(30000);

/** Scenario seconds until every demo pod, the slow-starting ones too, is ready. */
const SETTLE = 180;

const names = (list: { items: Array<{ metadata: { name: string } }> }) =>
  list.items.map(i => i.metadata.name);

describe('agents no catalog entity claims, in the demo fleet', () => {
  let eu: SandboxCluster;
  let us: SandboxCluster;
  beforeAll(async () => {
    eu = await startSandboxCluster({ scenario: 'demo-eu', timeScale: 0 });
    us = await startSandboxCluster({ scenario: 'demo-us', timeScale: 0 });
    eu.sim.advance(SETTLE);
    us.sim.advance(SETTLE);
  });
  afterAll(async () => {
    await eu?.stop();
    await us?.stop();
  });

  it('serves kagent.dev where the scenario installs it, v1alpha2 preferred, and nothing of it elsewhere', async () => {
    const group = (await call(eu, '/apis')).json.groups.find(
      (g: { name: string }) => g.name === 'kagent.dev',
    );
    expect(group).toEqual({
      name: 'kagent.dev',
      versions: [
        { groupVersion: 'kagent.dev/v1alpha2', version: 'v1alpha2' },
        { groupVersion: 'kagent.dev/v1alpha1', version: 'v1alpha1' },
      ],
      preferredVersion: {
        groupVersion: 'kagent.dev/v1alpha2',
        version: 'v1alpha2',
      },
    });
    const resources = (await call(eu, '/apis/kagent.dev/v1alpha2')).json
      .resources;
    expect(resources.map((r: { name: string }) => r.name)).toEqual([
      'agents',
      'agents/status',
    ]);

    // sandbox-us has no kagent: as on a cluster without the CRD
    expect(
      (await call(us, '/apis')).json.groups.map((g: any) => g.name),
    ).not.toContain('kagent.dev');
    for (const path of [
      '/apis/kagent.dev',
      '/apis/kagent.dev/v1alpha2',
      '/apis/kagent.dev/v1alpha2/agents',
      '/apis/kagent.dev/v1alpha2/namespaces/kagent/agents',
    ]) {
      const r = await call(us, path);
      expect([path, r.status, r.text]).toEqual([
        path,
        404,
        '404 page not found\n',
      ]);
    }
    // RBAC is decided on the path before the group is looked up
    const denied = await call(us, '/apis/kagent.dev/v1alpha2/agents', {
      token: us.viewerToken,
    });
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe(
      'agents.kagent.dev is forbidden: User "viewer" cannot list resource "agents" in API group "kagent.dev" at the cluster scope',
    );
  });

  it('lists and watches the kagent Agent, with the status kagent writes, in both versions', async () => {
    const list = await call(eu, '/apis/kagent.dev/v1alpha2/agents', {
      token: eu.readerToken,
    });
    expect(list.status).toBe(200);
    expect(list.json.kind).toBe('AgentList');
    expect(list.json.apiVersion).toBe('kagent.dev/v1alpha2');
    expect(names(list.json)).toEqual(['k8s-assistant']);
    const agent = list.json.items[0];
    expect(agent.metadata.namespace).toBe('kagent');
    expect(agent.spec.type).toBe('Declarative');
    expect(agent.status.conditions).toEqual([
      expect.objectContaining({
        type: 'Accepted',
        status: 'True',
        reason: 'Reconciled',
      }),
      expect.objectContaining({
        type: 'Ready',
        status: 'True',
        reason: 'DeploymentReady',
        message: 'Deployment is ready',
      }),
    ]);
    const old = await call(
      eu,
      '/apis/kagent.dev/v1alpha1/namespaces/kagent/agents/k8s-assistant',
    );
    expect(old.json).toMatchObject({
      apiVersion: 'kagent.dev/v1alpha1',
      kind: 'Agent',
    });
    const watch = await call(
      eu,
      `/apis/kagent.dev/v1alpha2/agents?watch=1&resourceVersion=1&timeoutSeconds=1`,
      { token: eu.readerToken },
    );
    expect(watch.status).toBe(200);
    const first = JSON.parse(watch.text.split('\n')[0]);
    expect(first.type).toBe('ADDED');
    expect(first.object.metadata.name).toBe('k8s-assistant');
  });

  it("runs the kagent Agent as kagent's controller does: its Deployment, labels and pods on 8080 with token counters", async () => {
    const d = (
      await call(
        eu,
        '/apis/apps/v1/namespaces/kagent/deployments/k8s-assistant',
      )
    ).json;
    expect(d.metadata.labels).toEqual({
      app: 'kagent',
      kagent: 'k8s-assistant',
      'app.kubernetes.io/managed-by': 'kagent',
      'app.kubernetes.io/part-of': 'kagent',
      'app.kubernetes.io/name': 'k8s-assistant',
    });
    expect(d.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        apiVersion: 'kagent.dev/v1alpha2',
        kind: 'Agent',
        name: 'k8s-assistant',
        controller: true,
      }),
    ]);
    expect(d.spec.selector.matchLabels).toEqual({
      app: 'kagent',
      kagent: 'k8s-assistant',
    });
    const pods = (
      await call(
        eu,
        `/api/v1/namespaces/kagent/pods?labelSelector=${encodeURIComponent(
          'kagent=k8s-assistant',
        )}`,
      )
    ).json.items;
    expect(pods).toHaveLength(1);
    const pod = pods[0];
    expect(pod.metadata.annotations['prometheus.io/port']).toBe('8080');
    expect(pod.spec.containers[0].ports).toEqual([
      expect.objectContaining({ name: 'http', containerPort: 8080 }),
    ]);
    const ready = pod.status.conditions.find((c: any) => c.type === 'Ready');
    expect(ready.status).toBe('True');
    const base = `/api/v1/namespaces/kagent/pods/${pod.metadata.name}`;
    const metrics = await call(eu, `${base}:8080/proxy/metrics`, {
      token: eu.readerToken,
    });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /^llm_tokens_total\{model="openai\/gpt-4o",direction="input"\} \d+$/m,
    );
    // nothing listens on the port AgentDeck's own agents use
    expect((await call(eu, `${base}:8000/proxy/metrics`)).status).toBe(503);
  });

  it('runs the hand-deployed agents without the labels of AgentDeck or the catalog', async () => {
    const scratch = (
      await call(
        eu,
        '/apis/apps/v1/namespaces/experiments/deployments/scratch-agent',
      )
    ).json;
    expect(scratch.metadata.labels).toEqual({
      app: 'scratch-agent',
      'agentdeck.io/agent': 'scratch-agent',
    });
    expect(scratch.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
    });
    const scout = (
      await call(
        us,
        '/apis/apps/v1/namespaces/research-sandbox/deployments/paper-scout',
      )
    ).json;
    expect(scout.spec.template.metadata.labels).toEqual({
      app: 'paper-scout',
      'app.kubernetes.io/component': 'agent',
    });
    expect(scout.status.readyReplicas).toBe(2);
    // AgentDeck's own agents carry agentdeck.io/agent on the Deployment and pod template
    const billing = (
      await call(
        eu,
        '/apis/apps/v1/namespaces/ai-agents/deployments/billing-agent',
      )
    ).json;
    expect(billing.metadata.labels['agentdeck.io/agent']).toBe('billing-agent');
    expect(billing.spec.template.metadata.labels['agentdeck.io/agent']).toBe(
      'billing-agent',
    );
  });

  it('serves namespaces with their owner labels and annotations to the reader, and 403 to whoever may not', async () => {
    const list = await call(eu, '/api/v1/namespaces', {
      token: eu.readerToken,
    });
    expect(list.status).toBe(200);
    expect(list.json.kind).toBe('NamespaceList');
    const byName = new Map(
      list.json.items.map((n: any) => [n.metadata.name, n.metadata]),
    );
    expect(byName.get('kagent')).toMatchObject({
      annotations: { 'backstage.io/owner': 'group:default/ai-platform' },
    });
    expect(byName.get('experiments')).toMatchObject({
      labels: { 'kubernetes.io/metadata.name': 'experiments' },
    });
    expect((byName.get('experiments') as any).annotations).toBeUndefined();
    const research = (
      await call(us, '/api/v1/namespaces/research-sandbox', {
        token: us.readerToken,
      })
    ).json;
    expect(research.metadata.labels).toEqual({
      team: 'research-team',
      'kubernetes.io/metadata.name': 'research-sandbox',
    });
    const watch = await call(
      eu,
      '/api/v1/namespaces?watch=1&resourceVersion=1&timeoutSeconds=1',
      { token: eu.readerToken },
    );
    expect(watch.status).toBe(200);
    expect(watch.text.split('\n')[0]).toContain('"type":"ADDED"');
    const denied = await call(eu, '/api/v1/namespaces', {
      token: eu.viewerToken,
    });
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe(
      'namespaces is forbidden: User "viewer" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
  });

  it("deletes the kagent Agent's Deployment and pods with it, and makes one for an Agent created later", async () => {
    const c = await startSandboxCluster({ scenario: 'demo-eu', timeScale: 0 });
    try {
      c.sim.advance(60);
      const agents = '/apis/kagent.dev/v1alpha2/namespaces/kagent/agents';
      const gone = await call(c, `${agents}/k8s-assistant`, {
        method: 'DELETE',
      });
      expect(gone.status).toBe(200);
      const d = await call(
        c,
        '/apis/apps/v1/namespaces/kagent/deployments/k8s-assistant',
      );
      expect(d.status).toBe(404);
      const pods = await call(c, '/api/v1/namespaces/kagent/pods');
      expect(pods.json.items).toEqual([]);

      const created = await call(c, agents, {
        method: 'POST',
        body: JSON.stringify({
          apiVersion: 'kagent.dev/v1alpha2',
          kind: 'Agent',
          metadata: { name: 'helper' },
          spec: { type: 'Declarative', declarative: {} },
        }),
      });
      expect(created.status).toBe(201);
      c.sim.advance(60);
      const made = await call(
        c,
        '/apis/apps/v1/namespaces/kagent/deployments/helper',
      );
      expect(made.status).toBe(200);
      expect(made.json.metadata.ownerReferences[0].uid).toBe(
        created.json.metadata.uid,
      );
      expect(made.json.status.readyReplicas).toBe(1);
      const agent = (await call(c, `${agents}/helper`)).json;
      expect(
        agent.status.conditions.find((x: any) => x.type === 'Ready').status,
      ).toBe('True');
    } finally {
      await c.stop();
    }
  });
});
