import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call, fixture, fixtureText, shape } from '../__testUtils__/helpers';

jest.setTimeout(30000);

describe('sandbox API shapes against the recorded fixtures', () => {
  let c: SandboxCluster;
  beforeAll(async () => {
    c = await startSandboxCluster({
      scenario: 'small',
      timeScale: 0,
      bookmarkIntervalMs: 200,
    });
    c.sim.advance(30);
  });
  afterAll(() => c.stop());

  it('serves discovery, legacy and aggregated', async () => {
    const v = await call(c, '/version');
    expect(Object.keys(v.json)).toEqual(Object.keys(fixture('version.json')));
    expect((await call(c, '/api')).json.kind).toBe('APIVersions');
    const apis = await call(c, '/apis');
    expect(apis.json.kind).toBe('APIGroupList');
    expect(shape(apis.json.groups[0])).toEqual(
      shape(fixture('apis.json').groups[0]),
    );
    const agg = await call(c, '/apis', {
      headers: {
        accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    expect(agg.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const ref = fixture('apis-aggregated-discovery-v2.json');
    expect(agg.json.kind).toBe(ref.kind);
    const autoscaling = agg.json.items.find(
      (i: any) => i.metadata.name === 'autoscaling',
    );
    const refHpa = ref.items.find((i: any) => i.metadata.name === 'autoscaling')
      .versions[0].resources[0];
    expect(Object.keys(autoscaling.versions[0].resources[0]).sort()).toEqual(
      Object.keys(refHpa).sort(),
    );
    expect(agg.json.items.map((i: any) => i.metadata.name)).toContain(
      'keda.sh',
    );
  });

  it('lists like the API server: <Kind>List, items without kind, metadata only resourceVersion', async () => {
    const ref = fixture('pods-list-app-billing-agent.json');
    const r = await call(
      c,
      '/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dbilling-agent',
    );
    expect(r.json.kind).toBe(ref.kind);
    expect(Object.keys(r.json)).toEqual(Object.keys(ref));
    expect(Object.keys(r.json.metadata)).toEqual(['resourceVersion']);
    expect(typeof r.json.metadata.resourceVersion).toBe('string');
    expect(r.json.items).toHaveLength(2);
    expect(r.json.items[0].kind).toBeUndefined();
    const item = r.json.items[0];
    const refItem = ref.items[0];
    expect(Object.keys(item)).toEqual(Object.keys(refItem));
    expect(Object.keys(item.metadata).sort()).toEqual(
      Object.keys(refItem.metadata)
        .filter(k => k !== 'managedFields')
        .sort(),
    );
    expect(Object.keys(item.spec).sort()).toEqual(
      Object.keys(refItem.spec).sort(),
    );
    expect(Object.keys(item.status).sort()).toEqual(
      Object.keys(refItem.status).sort(),
    );
    expect(
      item.status.conditions.every((x: any) => x.lastProbeTime === null),
    ).toBe(true);
    expect(Object.keys(item.spec.containers[0].readinessProbe).sort()).toEqual(
      Object.keys(refItem.spec.containers[0].readinessProbe).sort(),
    );
    const empty = await call(
      c,
      '/apis/apps/v1/statefulsets?labelSelector=backstage.io%2Fkubernetes-id%3Dbilling-agent',
    );
    expect(shape(empty.json)).toEqual(
      shape(
        fixture('statefulsets-list-all-namespaces-backstage-label-empty.json'),
      ),
    );
    expect(empty.json.items).toEqual([]);
  });

  it('paginates with continue and remainingItemCount', async () => {
    const r = await call(c, '/api/v1/namespaces/ai-agents/pods?limit=1');
    expect(Object.keys(r.json.metadata)).toEqual(
      Object.keys(fixture('pods-list-limit-1.json').metadata),
    );
    const next = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods?limit=100&continue=${r.json.metadata.continue}`,
    );
    expect(next.json.items.length).toBe(r.json.metadata.remainingItemCount);
  });

  it('pages through a selected list to exactly the unpaged list, without a remaining count', async () => {
    const selector = encodeURIComponent('backstage.io/kubernetes-id');
    const whole = await call(c, `/api/v1/pods?labelSelector=${selector}`);
    const names: string[] = [];
    let cont = '';
    for (let page = 0; page < 100; page++) {
      const r = await call(
        c,
        `/api/v1/pods?labelSelector=${selector}&limit=2${
          cont ? `&continue=${cont}` : ''
        }`,
      );
      expect(r.json.items.length).toBeLessThanOrEqual(2);
      expect(r.json.metadata.remainingItemCount).toBeUndefined();
      names.push(...r.json.items.map((i: any) => i.metadata.name));
      cont = r.json.metadata.continue ?? '';
      if (!cont) break;
    }
    expect(whole.json.items.length).toBeGreaterThan(4);
    expect(names).toEqual(whole.json.items.map((i: any) => i.metadata.name));
  });

  it('selects by label set operators and field selectors', async () => {
    const q = (s: string) =>
      call(c, `/api/v1/pods?labelSelector=${encodeURIComponent(s)}`).then(
        r => r.json.items.length,
      );
    expect(await q('app in (billing-agent,summarizer-agent)')).toBe(3);
    expect(await q('app notin (billing-agent),app')).toBeGreaterThan(1);
    expect(await q('app!=billing-agent,!nothing')).toBeGreaterThan(0);
    const pod = (
      await call(
        c,
        '/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dsummarizer-agent',
      )
    ).json.items[0];
    const ev = await call(
      c,
      `/api/v1/namespaces/ai-agents/events?fieldSelector=involvedObject.name%3D${pod.metadata.name}`,
    );
    expect(ev.json.items.length).toBeGreaterThan(0);
    expect(
      ev.json.items.every(
        (e: any) => e.involvedObject.name === pod.metadata.name,
      ),
    ).toBe(true);
    const one = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods?fieldSelector=metadata.name%3D${pod.metadata.name}`,
    );
    expect(one.json.items).toHaveLength(1);
  });

  it('shows the same events through core/v1 and events.k8s.io/v1', async () => {
    const core = await call(c, '/api/v1/namespaces/ai-agents/events');
    const ev2 = await call(
      c,
      '/apis/events.k8s.io/v1/namespaces/ai-agents/events',
    );
    expect(ev2.json.items.length).toBe(core.json.items.length);
    const refCore = fixture('events-core-v1-list.json').items;
    const refNew = fixture('events-events.k8s.io-v1-list.json').items;
    const sched = (l: any[]) => l.find(e => e.reason === 'Scheduled');
    expect(Object.keys(sched(core.json.items)).sort()).toEqual(
      Object.keys(sched(refCore)).sort(),
    );
    expect(Object.keys(sched(ev2.json.items)).sort()).toEqual(
      Object.keys(sched(refNew)).sort(),
    );
    const ctrl = (l: any[]) => l.find(e => e.reason === 'ScalingReplicaSet');
    expect(Object.keys(ctrl(core.json.items)).sort()).toEqual(
      Object.keys(ctrl(refCore)).sort(),
    );
    expect(Object.keys(ctrl(ev2.json.items)).sort()).toEqual(
      Object.keys(ctrl(refNew)).sort(),
    );
  });

  it('answers errors with the fixtures Status shapes', async () => {
    const e401 = await call(c, '/api/v1/namespaces/ai-agents/pods', {
      token: 'not-the-right-token-0123456789ab',
    });
    expect(e401.status).toBe(401);
    expect(e401.json).toEqual(
      fixture('error-401-unauthorized-wrong-token.json'),
    );
    const e403 = await call(
      c,
      '/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dbilling-agent',
      { token: c.viewerToken },
    );
    expect(e403.status).toBe(403);
    expect(e403.json).toEqual(
      fixture('error-403-forbidden-viewer-list-pods.json'),
    );
    expect((await call(c, '/apis', { token: c.viewerToken })).status).toBe(200);
    const e404 = await call(
      c,
      '/api/v1/namespaces/ai-agents/pods/billing-agent-5bb6966758-xxxxx',
    );
    expect(e404.json).toEqual(fixture('error-404-pod-not-found.json'));
    const metrics = await call(
      c,
      '/apis/metrics.k8s.io/v1beta1/namespaces/ai-agents/pods',
    );
    expect(metrics.status).toBe(404);
    expect(metrics.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(metrics.text).toBe(fixtureText('pods-metrics-v1beta1-list-404.txt'));
    const body = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'billing-agent-canary', namespace: 'ai-agents' },
      spec: {
        replicas: -1,
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: { containers: [{ name: 'agent', image: 'i:1' }] },
        },
      },
    });
    const e422 = await call(
      c,
      '/apis/apps/v1/namespaces/ai-agents/deployments',
      { method: 'POST', body },
    );
    expect(e422.status).toBe(422);
    expect(e422.json).toEqual(
      fixture('error-422-invalid-deployment-negative-replicas.json'),
    );
    const cm = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { a: '1' },
    });
    expect(
      (
        await call(c, '/api/v1/namespaces/ai-agents/configmaps', {
          method: 'POST',
          body: cm,
        })
      ).status,
    ).toBe(201);
    const e409 = await call(c, '/api/v1/namespaces/ai-agents/configmaps', {
      method: 'POST',
      body: cm,
    });
    expect(e409.status).toBe(409);
    expect(e409.json.reason).toBe('AlreadyExists');
    const e400 = await call(c, '/api/v1/namespaces/ai-agents/configmaps', {
      method: 'POST',
      body: '{"kind": "ConfigMap", broken',
    });
    expect(e400.status).toBe(400);
    expect(e400.json.reason).toBe('BadRequest');
    expect((await call(c, '/version')).status).toBe(200);
  });

  it('lists at an exact resourceVersion and answers 410 once it is compacted', async () => {
    const first = await call(c, '/api/v1/namespaces/ai-agents/configmaps');
    const rv = first.json.metadata.resourceVersion;
    await call(c, '/api/v1/namespaces/ai-agents/configmaps', {
      method: 'POST',
      body: JSON.stringify({ metadata: { name: 'later' } }),
    });
    const exact = await call(
      c,
      `/api/v1/namespaces/ai-agents/configmaps?resourceVersion=${rv}&resourceVersionMatch=Exact`,
    );
    expect(exact.json.items.map((i: any) => i.metadata.name)).not.toContain(
      'later',
    );
    c.faults.set({ expireResourceVersions: true });
    const gone = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dbilling-agent&resourceVersion=${rv}&resourceVersionMatch=Exact`,
    );
    c.faults.clear();
    expect(gone.status).toBe(410);
    expect(gone.json).toEqual(
      fixture('error-410-list-resourceversion-exact-compacted.json'),
    );
  });

  it('dry-runs creates without storing, and enforces PodSecurity restricted', async () => {
    await call(c, '/api/v1/namespaces', {
      method: 'POST',
      body: JSON.stringify({
        metadata: {
          name: 'restricted',
          labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
        },
      }),
    });
    const deploy = fixture(
      'dryrun-server-restricted-ns-deployment-noncompliant-raw.json',
    );
    const input = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'nc',
        namespace: 'restricted',
        labels: deploy.metadata.labels,
      },
      spec: {
        replicas: 3,
        selector: deploy.spec.selector,
        template: {
          metadata: { labels: deploy.spec.template.metadata.labels },
          spec: {
            containers: [
              {
                name: 'agent',
                image: 'registry.example.com/billing-agent:1.4.2',
              },
            ],
          },
        },
      },
    };
    const r = await call(
      c,
      '/apis/apps/v1/namespaces/restricted/deployments?dryRun=All',
      { method: 'POST', body: JSON.stringify(input) },
    );
    expect(r.status).toBe(201);
    expect(r.json.metadata.resourceVersion).toBeUndefined();
    expect(Object.keys(r.json.metadata).sort()).toEqual(
      Object.keys(deploy.metadata)
        .filter(k => k !== 'managedFields' && k !== 'annotations')
        .sort(),
    );
    expect(r.headers.warning).toMatch(
      /^299 - "would violate PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false \(container \\"agent\\" must set/,
    );
    expect(
      (await call(c, '/apis/apps/v1/namespaces/restricted/deployments/nc'))
        .status,
    ).toBe(404);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'billing-agent-debug', namespace: 'restricted' },
      spec: {
        containers: [
          { name: 'agent', image: 'registry.example.com/billing-agent:1.4.2' },
        ],
      },
    };
    const p = await call(c, '/api/v1/namespaces/restricted/pods?dryRun=All', {
      method: 'POST',
      body: JSON.stringify(pod),
    });
    expect(p.status).toBe(403);
    expect(p.json.message).toBe(
      fixture(
        'dryrun-server-restricted-ns-pod-noncompliant-403.json',
      ).message.replace(/"billing-agent-debug"/, '"billing-agent-debug"'),
    );
  });

  it('applies server-side defaults to pods', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'ai-agents' },
      spec: {
        containers: [
          {
            name: 'agent',
            image: 'x:1',
            readinessProbe: { httpGet: { path: '/readyz', port: 8000 } },
          },
        ],
      },
    };
    const r = await call(c, '/api/v1/namespaces/ai-agents/pods', {
      method: 'POST',
      body: JSON.stringify(pod),
    });
    const ref = fixture('pod-get.json');
    expect(r.status).toBe(201);
    for (const k of [
      'serviceAccountName',
      'serviceAccount',
      'enableServiceLinks',
      'preemptionPolicy',
      'tolerations',
      'volumes',
      'dnsPolicy',
      'schedulerName',
      'priority',
    ])
      expect(r.json.spec[k]).toBeDefined();
    expect(r.json.spec.volumes[0].name).toMatch(
      /^kube-api-access-[a-z0-9]{5}$/,
    );
    expect(r.json.spec.containers[0].readinessProbe).toEqual({
      ...ref.spec.containers[0].readinessProbe,
      httpGet: { path: '/readyz', port: 8000, scheme: 'HTTP' },
      periodSeconds: 10,
    });
    expect(r.json.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('patches with merge, strategic merge and json patch, and applies server-side', async () => {
    const path = '/apis/apps/v1/namespaces/ai-agents/deployments/billing-agent';
    const merge = await call(c, path, {
      method: 'PATCH',
      body: JSON.stringify({ metadata: { labels: { tier: 'gold' } } }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(merge.json.metadata.labels.tier).toBe('gold');
    const smp = await call(c, path, {
      method: 'PATCH',
      body: JSON.stringify({
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'agent',
                  image: 'registry.example.com/ai/billing-agent:1.5.0',
                },
              ],
            },
          },
        },
      }),
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
    });
    expect(smp.json.spec.template.spec.containers[0].image).toBe(
      'registry.example.com/ai/billing-agent:1.5.0',
    );
    expect(
      smp.json.spec.template.spec.containers[0].readinessProbe,
    ).toBeDefined();
    const jp = await call(c, path, {
      method: 'PATCH',
      body: JSON.stringify([
        { op: 'replace', path: '/spec/replicas', value: 3 },
      ]),
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(jp.json.spec.replicas).toBe(3);
    const apply = await call(
      c,
      '/api/v1/namespaces/ai-agents/configmaps/applied?fieldManager=test',
      {
        method: 'PATCH',
        body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: v\n',
        headers: { 'content-type': 'application/apply-patch+yaml' },
      },
    );
    expect(apply.status).toBe(201);
    expect(apply.json.data).toEqual({ k: 'v' });
  });

  it('streams watches with the fixture framing, bookmarks and the 410 ERROR event', async () => {
    const list = await call(
      c,
      '/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dbilling-agent',
    );
    const rv = list.json.metadata.resourceVersion;
    const watch = call(
      c,
      `/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dbilling-agent&watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=2`,
    );
    await new Promise(r => setTimeout(r, 100));
    c.sim.advance(20);
    const w = await watch;
    expect(w.status).toBe(200);
    expect(w.headers['content-type']).toBe('application/json');
    const lines = w.text
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(Object.keys(l)).toEqual(['type', 'object']);
    const mod = lines.find(l => l.type !== 'BOOKMARK');
    expect(mod.object.kind).toBe('Pod');
    const bm = lines.find(l => l.type === 'BOOKMARK');
    const refBm = fixtureText('pods-watch-app-billing-agent.ndjson')
      .trim()
      .split('\n')
      .map(l => JSON.parse(l))
      .find((l: any) => l.type === 'BOOKMARK');
    expect({
      ...bm.object,
      metadata: { ...bm.object.metadata, resourceVersion: 'x' },
    }).toEqual({
      ...refBm.object,
      metadata: { ...refBm.object.metadata, resourceVersion: 'x' },
    });
    const now = (await call(c, '/api/v1/namespaces/ai-agents/pods')).json
      .metadata.resourceVersion;
    const quiet = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dnothing&watch=1&resourceVersion=${now}&allowWatchBookmarks=true&timeoutSeconds=1`,
    );
    expect(quiet.status).toBe(200);
    expect(quiet.text).toBe('');
    c.faults.set({ expireResourceVersions: true });
    const expired = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods?watch=1&resourceVersion=${rv}&timeoutSeconds=5`,
    );
    c.faults.clear();
    expect(expired.status).toBe(200);
    const err = JSON.parse(expired.text.trim());
    const ref = JSON.parse(
      fixtureText('error-410-watch-too-old-resourceversion.ndjson'),
    );
    expect(err.type).toBe('ERROR');
    expect({ ...err.object, message: '' }).toEqual({
      ...ref.object,
      message: '',
    });
  });
});
