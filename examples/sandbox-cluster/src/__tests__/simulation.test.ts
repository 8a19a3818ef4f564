import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call, fixture } from '../__testUtils__/helpers';

jest.setTimeout(120000);

const pods = async (c: SandboxCluster, app: string): Promise<any[]> =>
  (
    await call(
      c,
      `/api/v1/namespaces/ai-agents/pods?labelSelector=app%3D${app}`,
    )
  ).json.items;
const ready = (p: any) =>
  p.status.conditions?.find((x: any) => x.type === 'Ready')?.status === 'True';
const events = async (c: SandboxCluster) =>
  (await call(c, '/api/v1/namespaces/ai-agents/events')).json.items as any[];

describe('the simulated fleet', () => {
  let c: SandboxCluster;
  beforeEach(async () => {
    c = await startSandboxCluster({ scenario: 'small', timeScale: 0 });
    c.sim.advance(30);
  });
  afterEach(() => c.stop());

  it('runs deployments through replicasets to ready pods with owner references', async () => {
    const p = (await pods(c, 'billing-agent'))[0];
    const rs = (
      await call(c, '/apis/apps/v1/namespaces/ai-agents/replicasets')
    ).json.items.find((r: any) => r.metadata.name.startsWith('billing-agent-'));
    expect(p.metadata.ownerReferences[0]).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: rs.metadata.name,
      uid: rs.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    });
    expect(p.metadata.labels['pod-template-hash']).toBe(
      rs.metadata.labels['pod-template-hash'],
    );
    expect(p.metadata.name).toMatch(
      new RegExp(`^${rs.metadata.name}-[a-z0-9]{5}$`),
    );
    expect(ready(p)).toBe(true);
    const ref = fixture('pod-get.json');
    expect(Object.keys(p.status.containerStatuses[0]).sort()).toEqual(
      Object.keys(ref.status.containerStatuses[0]).sort(),
    );
    const d = (
      await call(
        c,
        '/apis/apps/v1/namespaces/ai-agents/deployments/billing-agent',
      )
    ).json;
    expect(d.status.readyReplicas).toBe(2);
    expect(d.status.conditions.map((x: any) => x.type)).toEqual([
      'Available',
      'Progressing',
    ]);
  });

  it('rescales with the HPA under load and emits the controllers events', async () => {
    c.sim.setLoad('billing-agent', 24);
    c.sim.advance(120);
    const d = (
      await call(
        c,
        '/apis/apps/v1/namespaces/ai-agents/deployments/billing-agent',
      )
    ).json;
    expect(d.spec.replicas).toBeGreaterThan(2);
    const hpa = (
      await call(
        c,
        '/apis/autoscaling/v2/namespaces/ai-agents/horizontalpodautoscalers/billing-agent',
      )
    ).json;
    expect(hpa.status.currentMetrics[0].type).toBe('Pods');
    expect(hpa.status.currentMetrics[0].pods.current.averageValue).toMatch(
      /^\d+m?$/,
    );
    expect(hpa.status.lastScaleTime).toBeDefined();
    expect(hpa.status.conditions.map((x: any) => x.type)).toEqual([
      'AbleToScale',
      'ScalingActive',
      'ScalingLimited',
    ]);
    const ev = await events(c);
    expect(
      ev.some(
        e =>
          e.reason === 'SuccessfulRescale' &&
          /^New size: \d+; reason: pods metric agent_active_requests above target$/.test(
            e.message,
          ) &&
          e.source.component === 'horizontal-pod-autoscaler',
      ),
    ).toBe(true);
    expect(
      ev.some(
        e =>
          e.reason === 'ScalingReplicaSet' &&
          /^Scaled up replica set billing-agent-\S+ from 2 to \d+$/.test(
            e.message,
          ),
      ),
    ).toBe(true);
    expect(
      ev.some(
        e =>
          e.reason === 'SuccessfulCreate' &&
          e.source.component === 'replicaset-controller',
      ),
    ).toBe(true);
    const up = d.spec.replicas;
    c.sim.setLoad('billing-agent', 0.5);
    c.sim.advance(900);
    const after = (
      await call(
        c,
        '/apis/apps/v1/namespaces/ai-agents/deployments/billing-agent',
      )
    ).json;
    expect(after.spec.replicas).toBeLessThan(up);
    expect(
      (await events(c)).some(
        e =>
          e.reason === 'SuccessfulRescale' &&
          e.message.endsWith('reason: All metrics below target'),
      ),
    ).toBe(true);
    expect(
      (await events(c)).some(
        e => e.reason === 'Killing' && e.source.component === 'kubelet',
      ),
    ).toBe(true);
  });

  it('turns pods unready and /readyz 503 while a dependency is down', async () => {
    const name = (await pods(c, 'billing-agent'))[0].metadata.name;
    c.sim.setDependency('billing-agent', 'database', false);
    c.sim.advance(20);
    const r = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${name}:8000/proxy/readyz`,
    );
    expect(r.status).toBe(503);
    expect(r.json.status).toBe('not_ready');
    expect(r.json.checks).toEqual({
      llm_api: 'ok',
      database: 'error: connection refused (postgres:5432)',
    });
    expect(r.json.load).toMatch(/^\d+\/8$/);
    expect((await pods(c, 'billing-agent')).every(p => !ready(p))).toBe(true);
    expect(
      (await events(c)).some(
        e =>
          e.reason === 'Unhealthy' &&
          e.message ===
            'Readiness probe failed: HTTP probe failed with statuscode: 503',
      ),
    ).toBe(true);
    c.sim.setDependency('billing-agent', 'database', true);
    c.sim.advance(10);
    expect(
      (await call(c, `/api/v1/namespaces/ai-agents/pods/${name}/proxy/readyz`))
        .status,
    ).toBe(200);
    expect((await pods(c, 'billing-agent')).every(ready)).toBe(true);
  });

  it('crash-loops the summarizer and refuses its proxy like the fixture', async () => {
    c.sim.advance(120);
    const p = (await pods(c, 'summarizer-agent'))[0];
    const cs = p.status.containerStatuses[0];
    expect(cs.restartCount).toBeGreaterThan(2);
    expect(cs.lastState.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
    let now = (await pods(c, 'summarizer-agent'))[0].status
      .containerStatuses[0];
    for (let i = 0; i < 60 && !now.state.waiting; i++) {
      c.sim.advance(1);
      now = (await pods(c, 'summarizer-agent'))[0].status.containerStatuses[0];
    }
    expect(now.state.waiting.reason).toBe('CrashLoopBackOff');
    const r = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${p.metadata.name}:8000/proxy/readyz`,
    );
    const ref = fixture('pod-proxy-readyz-error.json');
    expect(r.status).toBe(503);
    expect(Object.keys(r.json)).toEqual(Object.keys(ref));
    expect(r.json.message).toBe(
      `error trying to reach service: dial tcp ${p.status.podIP}:8000: connect: connection refused`,
    );
    const later = (await pods(c, 'summarizer-agent'))[0].status
      .containerStatuses[0];
    expect(later.ready).toBe(false);
  });

  it('OOM-kills one billing pod once and grows counters that reset on restart', async () => {
    const read = async (pod: string) =>
      (await call(c, `/api/v1/namespaces/ai-agents/pods/${pod}/proxy/metrics`))
        .text;
    const tokens = (text: string) => {
      const m =
        /llm_tokens_total\{model="openai\/gpt-4o-mini",direction="input"\} (\d+)/.exec(
          text,
        );
      if (!m) throw new Error(`no input token counter in:\n${text}`);
      return Number(m[1]);
    };
    const [a] = await pods(c, 'billing-agent');
    const t1 = tokens(await read(a.metadata.name));
    c.sim.advance(20);
    const text = await read(a.metadata.name);
    expect(tokens(text)).toBeGreaterThan(t1);
    for (const m of [
      '# TYPE agent_request_duration_seconds histogram',
      'agent_tasks_total{status="success"}',
      'llm_cost_dollars_total{model="openai/gpt-4o-mini"}',
      'agent_readiness_check{check="database"} 1',
      'agent_active_requests ',
    ])
      expect(text).toContain(m);
    // every pod's counter before the kill, so the restarted pod is compared with itself
    const before = new Map<string, number>();
    for (const p of await pods(c, 'billing-agent'))
      before.set(p.metadata.name, tokens(await read(p.metadata.name)));
    c.sim.advance(75);
    const killed = (await pods(c, 'billing-agent')).find(
      p =>
        p.status.containerStatuses[0].lastState.terminated?.reason ===
        'OOMKilled',
    );
    expect(
      killed.status.containerStatuses[0].lastState.terminated.exitCode,
    ).toBe(137);
    expect(killed.status.containerStatuses[0].restartCount).toBe(1);
    expect(before.get(killed.metadata.name)).toBeGreaterThan(0);
    c.sim.advance(3);
    expect(tokens(await read(killed.metadata.name))).toBeLessThan(
      before.get(killed.metadata.name)!,
    );
  });

  it('keeps KEDA ScaledObject status and its HPA, and honours the paused annotation', async () => {
    c.sim.advance(30);
    const so = (
      await call(
        c,
        '/apis/keda.sh/v1alpha1/namespaces/ai-agents/scaledobjects/invoice-reconciler',
      )
    ).json;
    expect(so.status.hpaName).toBe('keda-hpa-invoice-reconciler');
    expect(so.status.conditions.map((x: any) => x.type)).toEqual([
      'Ready',
      'Active',
      'Fallback',
      'Paused',
    ]);
    expect(Object.values(so.status.health)[0]).toEqual({
      numberOfFailures: 0,
      status: 'Happy',
    });
    const hpa = (
      await call(
        c,
        '/apis/autoscaling/v2/namespaces/ai-agents/horizontalpodautoscalers/keda-hpa-invoice-reconciler',
      )
    ).json;
    expect(hpa.spec.metrics[0].type).toBe('External');
    expect(hpa.metadata.ownerReferences[0].kind).toBe('ScaledObject');
    await call(
      c,
      '/apis/keda.sh/v1alpha1/namespaces/ai-agents/scaledobjects/invoice-reconciler',
      {
        method: 'PATCH',
        body: JSON.stringify({
          metadata: {
            annotations: { 'autoscaling.keda.sh/paused-replicas': '1' },
          },
        }),
        headers: { 'content-type': 'application/merge-patch+json' },
      },
    );
    c.sim.advance(20);
    const paused = (
      await call(
        c,
        '/apis/keda.sh/v1alpha1/namespaces/ai-agents/scaledobjects/invoice-reconciler',
      )
    ).json;
    expect(
      paused.status.conditions.find((x: any) => x.type === 'Paused').status,
    ).toBe('True');
    expect(
      (
        await call(
          c,
          '/apis/apps/v1/namespaces/ai-agents/deployments/invoice-reconciler',
        )
      ).json.spec.replicas,
    ).toBe(1);
  });
});

describe('generated fleets', () => {
  it('loads 5,000 agents with 10 pods each', async () => {
    const c = await startSandboxCluster({
      scenario: { generate: { agents: 5000, podsPerAgent: 10 } },
      timeScale: 0,
    });
    try {
      const count = async (path: string) => {
        const r = await call(c, `${path}?limit=1`);
        return r.json.items.length + (r.json.metadata.remainingItemCount ?? 0);
      };
      expect(await count('/apis/apps/v1/deployments')).toBe(5000);
      expect(await count('/api/v1/pods')).toBe(50000);
      const one = await call(
        c,
        '/api/v1/namespaces/synthetic-0/pods?labelSelector=app%3Dsynthetic-agent-0000',
      );
      expect(one.json.items).toHaveLength(10);
    } finally {
      await c.stop();
    }
  });
});
