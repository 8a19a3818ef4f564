import type { ApiContext, ProxyAnswer } from '../api/context';
import { createObject } from '../api/objects';
import { resourceTypes } from '../api/resources';
import { Rng } from '../rng';
import type { KubeObject } from '../types';
import { AgentRuntime } from './agents';
import { containerAnswer } from './container';
import { EventRecorder } from './events';
import { HpaController } from './hpa';
import type { ImageSources } from './imageSources';
import { KedaController } from './keda';
import { isoOf, Kubelet } from './kubelet';
import { allAgents, scenarioNamespaces } from './loadScenario';
import {
  agentDeployment,
  agentPort,
  agentSupportObjects,
  kagentAgent,
} from './manifests';
import { KagentController } from './kagent';
import { podLoad } from './metrics';
import type { Counters } from './podRuntime';
import type { HostileBehaviour, Scenario } from './scenarioTypes';
import { WorkloadController } from './workloads';
import { pdbStatus, seedNodes } from './cluster';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Big synthetic fleets step coarser so that real-time mode keeps up.
const stepFor = (pods: number) => (pods > 10000 ? 5 : 1);

/**
 * Where the scenario clock sits on the wall clock: the time of scenario second 0 and
 * how many real milliseconds a scenario second lasts. Timestamps (objects, events,
 * conditions) and the LLM usage counters (which count per real second) follow it.
 */
export interface SimClock {
  startMs: number;
  msPerSecond: number;
}

/**
 * Faster than real time, a scenario second lasts 1/timeScale of a real one, so
 * timestamps are real times and usage counts a real day's spend in a real day.
 * Otherwise (tests drive a frozen clock) scenario seconds are seconds, starting
 * in the past so that they stay behind the wall clock (clients such as kubectl
 * compute some ages from their own clock).
 */
export function defaultClock(scenario: Scenario, timeScale: number): SimClock {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const fast = timeScale > 1;
  return {
    startMs: scenario.startTime
      ? Date.parse(scenario.startTime)
      : now - (fast ? 0 : 6 * 3600 * 1000),
    msPerSecond: fast ? 1000 / timeScale : 1000,
  };
}

/** The simulated control plane and fleet, on a deterministic scenario clock. */
export class Simulation {
  private t = 0;
  private readonly startMs: number;
  private readonly msPerSecond: number;
  private readonly agents = new Map<string, AgentRuntime>();
  private readonly events: EventRecorder;
  private readonly kubelet: Kubelet;
  private readonly workloads: WorkloadController;
  private readonly hpa: HpaController;
  private readonly keda: KedaController;
  private readonly kagent: KagentController;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private dirty = false;
  private pending = true;
  private lastHpa = -Infinity;
  private lastExpire = 0;
  readonly iso: (t: number) => string;
  /** Where images are built from: their pods serve the repository's card. */
  imageSources?: ImageSources;

  constructor(
    private readonly ctx: ApiContext,
    private readonly scenario: Scenario,
    clusterName: string,
    seed: number,
    timeScale: number,
    clock: SimClock = defaultClock(scenario, timeScale),
  ) {
    this.startMs = clock.startMs;
    this.msPerSecond = clock.msPerSecond;
    this.iso = isoOf(this.startMs, this.msPerSecond);
    const rng = new Rng(seed + 1);
    this.events = new EventRecorder(
      ctx.store,
      rng,
      () => this.now(),
      clusterName,
    );
    this.kubelet = new Kubelet(
      ctx.store,
      rng,
      this.events,
      {
        t: () => this.t,
        iso: this.iso,
        realSeconds: dt => (dt * this.msPerSecond) / 1000,
      },
      pod => this.agentFor(pod),
    );
    this.workloads = new WorkloadController(
      ctx,
      this.events,
      o => this.agentFor(o).synthetic,
    );
    this.keda = new KedaController(
      ctx,
      (ns, target, t) => this.queueValue(ns, target, t),
      () => this.t,
    );
    this.kagent = new KagentController(ctx, () => this.iso(this.t));
    this.hpa = new HpaController(
      ctx,
      this.events,
      {
        podsAverage: (ns, d, m) => this.podsAverage(ns, d, m),
        external: (ns, m, sel) => this.keda.external(ns, m, sel),
      },
      () => this.t,
    );
  }

  now(): Date {
    return new Date(this.startMs + this.t * this.msPerSecond);
  }

  /** Creates the scenario's namespaces, nodes and agents through the API layer. */
  seed() {
    const type = (kind: string) =>
      resourceTypes.find(r => r.kind === kind && r.group !== 'events.k8s.io');
    seedNodes(this.ctx, this.iso(0));
    for (const ns of scenarioNamespaces(this.scenario))
      createObject(
        this.ctx,
        type('Namespace')!,
        {
          metadata: {
            name: ns.name,
            labels: ns.labels,
            ...(ns.annotations ? { annotations: ns.annotations } : {}),
          },
        } as KubeObject,
        undefined,
      );
    for (const ns of ['default', 'kube-system'])
      if (!this.ctx.store.get('/namespaces', undefined, ns))
        createObject(
          this.ctx,
          type('Namespace')!,
          { metadata: { name: ns } } as KubeObject,
          undefined,
        );
    for (const a of allAgents(this.scenario)) {
      this.agents.set(
        `${a.namespace}/${a.name}`,
        new AgentRuntime(a, a.name.startsWith('synthetic-agent-')),
      );
      // kagent's controller makes the Deployment of an Agent, owned by it
      const owner =
        a.deployedBy === 'kagent'
          ? createObject(this.ctx, type('Agent')!, kagentAgent(a), a.namespace)
              .obj.metadata
          : undefined;
      const deployment = agentDeployment(
        a,
        owner?.uid ? { uid: owner.uid } : undefined,
      );
      for (const o of [deployment, ...agentSupportObjects(a)])
        createObject(this.ctx, type(o.kind ?? '')!, o, a.namespace);
    }
    this.reconcile();
    this.unsubscribe = this.ctx.store.subscribe(c => {
      if (c.storage === '/pods' && c.type === 'DELETED')
        this.kubelet.killed(c.obj);
      if (
        c.storage === 'apps/deployments' ||
        c.storage === 'apps/replicasets' ||
        c.storage === 'kagent.dev/agents' ||
        (c.storage === '/pods' && c.type !== 'MODIFIED')
      ) {
        this.pending = true;
        this.schedule();
      }
    });
  }

  private schedule() {
    if (this.dirty) return;
    this.dirty = true;
    setImmediate(() => {
      this.dirty = false;
      this.reconcile();
    });
  }

  private reconcile() {
    this.pending = false;
    this.kagent.reconcileAll();
    for (let i = 0; i < 3; i++) this.workloads.reconcileAll();
    this.kubelet.sync(this.ctx.store.list('/pods'));
    this.kagent.reconcileAll();
  }

  /** Runs the scenario forward by `seconds`, in one-second steps. */
  advance(seconds: number) {
    let left = seconds;
    const step = stepFor(this.kubelet.pods.size);
    while (left > 1e-9) {
      const dt = Math.min(step, left);
      left -= dt;
      this.t += dt;
      this.tick(dt);
    }
  }

  private tick(dt: number) {
    // Controllers react to changes; a periodic resync catches anything missed.
    if (this.pending || Math.floor(this.t) % 30 === 0) this.reconcile();
    this.kubelet.step(this.t, dt, this.readyByAgent());
    if (this.t - this.lastHpa >= 15) {
      this.lastHpa = this.t;
      this.keda.reconcileAll();
      this.hpa.reconcileAll();
      pdbStatus(this.ctx, this.iso(this.t));
    }
    if (this.t - this.lastExpire >= 60) {
      this.lastExpire = this.t;
      this.events.expire();
    }
  }

  /** Lets scenario time run at `timeScale` scenario seconds per real second. */
  start(timeScale: number) {
    if (timeScale <= 0) return;
    const periodMs = 500;
    this.timer = setInterval(
      () => this.advance((timeScale * periodMs) / 1000),
      periodMs,
    );
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /**
   * Each pod's LLM counters by model, as its `/metrics` counts them (they
   * restart from zero with its container), keyed by pod uid.
   */
  llmCounters(): Array<{
    uid: string;
    agent: string;
    namespace: string;
    requests: Counters['requests'];
  }> {
    return [...this.kubelet.pods.values()].map(rt => ({
      uid: rt.uid,
      agent: rt.agent.spec.name,
      namespace: rt.agent.spec.namespace,
      requests: rt.counters.requests,
    }));
  }

  private readyByAgent(): Map<string, number> {
    const m = new Map<string, number>();
    for (const rt of this.kubelet.pods.values())
      if (rt.ready) m.set(rt.agent.key, (m.get(rt.agent.key) ?? 0) + 1);
    return m;
  }

  /** The agent a workload object belongs to; agents applied through the API are adopted here. */
  agentFor(o: KubeObject): AgentRuntime {
    const labels = o.metadata.labels ?? {};
    // kagent's pods are all app=kagent: its own label names the agent
    const name =
      labels['backstage.io/kubernetes-id'] ??
      labels.kagent ??
      labels.app ??
      o.metadata.name ??
      'unknown';
    const key = `${o.metadata.namespace}/${name}`;
    let a = this.agents.get(key);
    if (!a) {
      const d = this.ctx.store.get(
        'apps/deployments',
        o.metadata.namespace,
        name,
      ) as Json | undefined;
      const checks = String(
        d?.metadata?.annotations?.['agentdeck.io/checks'] ?? 'llm_api',
      )
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
      a = new AgentRuntime({
        name,
        namespace: o.metadata.namespace ?? 'default',
        checks,
        load: { base: 3 },
        ...(labels.kagent ? { deployedBy: 'kagent' as const } : {}),
      });
      this.agents.set(key, a);
    }
    return a;
  }

  private podsAverage(
    ns: string,
    deployment: string,
    metric: string,
  ): number | undefined {
    if (
      metric !== 'agent_active_requests' &&
      metric !== 'agent_request_queue_depth'
    )
      return undefined;
    const a = this.agents.get(`${ns}/${deployment}`);
    if (!a) return undefined;
    const pods = [...this.kubelet.pods.values()].filter(
      p => p.agent === a && p.stage === 'running',
    );
    const ready = pods.filter(p => p.ready).length;
    if (!pods.length) return undefined;
    const loads = pods.map(p => podLoad(p, this.t, ready));
    const avg = loads.reduce((x, y) => x + y, 0) / pods.length;
    return metric === 'agent_active_requests'
      ? avg
      : Math.max(0, avg - a.maxConcurrency);
  }

  private queueValue(
    ns: string,
    target: string,
    t: number,
  ): number | undefined {
    const a = this.agents.get(`${ns}/${target}`);
    if (!a) return 0;
    return a.triggerFailing(t) ? undefined : a.queueLength(t);
  }

  setDependency(agent: string, check: string, ok: boolean, error?: string) {
    for (const a of this.agents.values())
      if (a.spec.name === agent) a.setDependency(check, ok, error);
  }

  /** Makes an agent answer hostile data through the pod proxy; null makes it honest again. */
  setHostile(agent: string, hostile: HostileBehaviour | null) {
    for (const a of this.agents.values())
      if (a.spec.name === agent) a.hostileOverride = hostile;
  }

  /** Sets per-pod load; stored as a total so the HPA converges as replicas change. */
  setLoad(agent: string, perPod: number) {
    for (const a of this.agents.values()) {
      if (a.spec.name !== agent) continue;
      const d = this.ctx.store.get(
        'apps/deployments',
        a.spec.namespace,
        a.spec.name,
      ) as Json | undefined;
      a.loadOverride = perPod * Math.max(1, d?.spec?.replicas ?? 1);
    }
  }

  proxy(
    ns: string,
    pod: string,
    port: string | undefined,
    path: string,
  ): ProxyAnswer | undefined {
    const rt = this.kubelet.byName(ns, pod);
    const listening = String(
      agentPort(rt?.agent.spec ?? { name: '', namespace: '' }),
    );
    if (!rt || (port && port !== listening && port !== 'http'))
      return undefined;
    const f = this.ctx.faults.readyzBody;
    if (
      f &&
      f.agent === rt.agent.spec.name &&
      path.startsWith('/readyz') &&
      rt.stage === 'running'
    ) {
      if (f.kind === 'huge')
        return {
          status: 200,
          contentType: 'application/json',
          body: `{"status":"ready","padding":"${'x'.repeat(
            10 * 1024 * 1024,
          )}"}`,
        };
      if (f.kind === 'garbage')
        return {
          status: 200,
          contentType: 'text/html',
          body: '<html><body>502 Bad Gateway</body></html>\u0000\u0001not json',
        };
      return { status: 0, contentType: '', body: '', hang: true };
    }
    return containerAnswer(
      rt,
      path,
      this.t,
      this.readyByAgent().get(rt.agent.key) ?? 1,
      this.imageSources,
    );
  }

  logs(ns: string, pod: string): string | undefined {
    const rt = this.kubelet.byName(ns, pod);
    if (!rt || rt.stage !== 'running') return undefined;
    const since = rt.runningSince ?? 0;
    const lines = [
      `${this.iso(since)} INFO starting ${rt.agent.spec.name} on :8000`,
    ];
    for (let s = since + 5; s <= this.t && lines.length < 200; s += 15)
      lines.push(
        `${this.iso(s)} INFO readyz ${JSON.stringify(
          rt.agent.checkResults(s),
        )}`,
      );
    return `${lines.join('\n')}\n`;
  }
}
