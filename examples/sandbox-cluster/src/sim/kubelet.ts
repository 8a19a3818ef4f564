import type { Store } from '../api/store';
import { rfc3339, type Rng } from '../rng';
import type { KubeObject } from '../types';
import type { AgentRuntime } from './agents';
import { readyz } from './container';
import type { EventRecorder } from './events';
import { newCounters, type PodRuntime } from './podRuntime';
import { podStatus } from './podStatus';
import { accumulate } from './metrics';

const PROBE_PERIOD = 5;
const FAILURE_THRESHOLD = 3;
const CRASH_AFTER = 6;

/** Go's time.Duration formatting for whole seconds (10s, 2m40s, 5m0s). */
const goDuration = (s: number) =>
  s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;

/** Drives pods through Pending, bound, running, ready, crash loops and OOM kills. */
export class Kubelet {
  readonly pods = new Map<string, PodRuntime>();
  private readonly names = new Map<string, PodRuntime>();
  private seq = 0;

  constructor(
    private readonly store: Store,
    private readonly rng: Rng,
    private readonly events: EventRecorder,
    private readonly clock: {
      t: () => number;
      iso: (t: number) => string;
      /** Real seconds that `dt` scenario seconds last (usage counts per real second). */
      realSeconds: (dt: number) => number;
    },
    private readonly agentFor: (pod: KubeObject) => AgentRuntime,
  ) {}

  private node(agent: AgentRuntime): {
    node: string;
    hostIP: string;
    subnet: number;
  } {
    if (agent.spec.type === 'local-model')
      return { node: 'gpu-node-a', hostIP: '10.0.0.21', subnet: 9 };
    const i = this.seq % 3;
    return {
      node: `node-${'abc'[i]}`,
      hostIP: `10.0.0.${11 + i}`,
      subnet: 1 + i,
    };
  }

  /** Registers pods the kubelet has not seen yet and forgets deleted ones. */
  sync(pods: KubeObject[]) {
    const seen = new Set<string>();
    for (const p of pods) {
      const uid = p.metadata.uid ?? '';
      seen.add(uid);
      if (this.pods.has(uid)) continue;
      const agent = this.agentFor(p);
      const n = this.node(agent);
      const ord = this.seq++;
      const created: PodRuntime = {
        uid,
        namespace: p.metadata.namespace ?? '',
        name: p.metadata.name ?? '',
        agent,
        stage: 'pending',
        createdAt: this.clock.t(),
        nextAt: this.clock.t() + 1,
        started: false,
        ready: false,
        readySince: this.clock.t(),
        lastProbe: 0,
        restartCount: 0,
        backoffText: '10s',
        containerId: this.rng.hex(64),
        imageDigest: this.rng.hex(64),
        image: (
          p.spec as { containers?: Array<{ image?: string }> } | undefined
        )?.containers?.[0]?.image,
        node: n.node,
        hostIP: n.hostIP,
        podIP: `10.244.${(n.subnet * 16 + Math.floor(ord / 250)) % 256}.${
          2 + (ord % 250)
        }`,
        ordinal: ord,
        counters: newCounters(),
        dirty: false,
      };
      this.pods.set(uid, created);
      this.names.set(`${created.namespace}/${created.name}`, created);
    }
    for (const [uid, rt] of this.pods) if (!seen.has(uid)) this.forget(rt);
  }

  byName(namespace: string, name: string): PodRuntime | undefined {
    return this.names.get(`${namespace}/${name}`);
  }

  private forget(rt: PodRuntime) {
    this.pods.delete(rt.uid);
    this.names.delete(`${rt.namespace}/${rt.name}`);
  }

  step(t: number, dt: number, readyByAgent: Map<string, number>) {
    for (const rt of this.pods.values()) {
      this.advancePod(rt, t);
      if (rt.stage === 'running')
        accumulate(
          rt,
          t,
          dt,
          readyByAgent.get(rt.agent.key) ?? 1,
          this.clock.realSeconds(dt),
        );
      if (rt.dirty) this.write(rt);
    }
  }

  private advancePod(rt: PodRuntime, t: number) {
    const b = rt.agent.spec.behaviours ?? {};
    if (rt.stage === 'pending' && t >= rt.nextAt) {
      rt.stage = 'bound';
      rt.boundAt = t;
      rt.nextAt = t + 1;
      rt.dirty = true;
      const pod = this.store.get('/pods', rt.namespace, rt.name);
      if (pod && !rt.agent.synthetic) this.events.scheduled(pod, rt.node);
    }
    if (rt.stage === 'bound' && t >= rt.nextAt) {
      rt.stage = 'creating';
      rt.sandboxAt = t;
      rt.nextAt = t + 2;
      rt.dirty = true;
    }
    if ((rt.stage === 'creating' || rt.stage === 'backoff') && t >= rt.nextAt)
      this.startContainer(rt, t);
    if (rt.stage !== 'running') return;
    const startup = b.slowStartSeconds ?? 3;
    if (!rt.started && t >= (rt.runningSince ?? t) + startup) {
      rt.started = true;
      rt.dirty = true;
    }
    if (b.crashLoop && t >= (rt.runningSince ?? t) + CRASH_AFTER) {
      this.terminate(rt, t, 1, 'Error');
      return;
    }
    const oom = b.oomKillOnce;
    if (oom && !rt.agent.oomDone && t >= oom.atSecond && rt.started) {
      rt.agent.oomDone = true;
      this.terminate(rt, t, 137, 'OOMKilled');
      return;
    }
    if (!rt.started || t - rt.lastProbe < PROBE_PERIOD) return;
    rt.lastProbe = t;
    const ok = readyz(rt, t).status === 200;
    if (ok) {
      rt.failingSince = undefined;
      if (!rt.ready) this.setReady(rt, true, t);
      return;
    }
    rt.failingSince ??= t;
    const pod = this.store.get('/pods', rt.namespace, rt.name);
    if (pod)
      this.events.record(
        pod,
        'Pod',
        'v1',
        'Warning',
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 503',
        { component: 'kubelet', host: rt.node },
        'spec.containers{agent}',
      );
    if (
      rt.ready &&
      t - rt.failingSince >= PROBE_PERIOD * (FAILURE_THRESHOLD - 1)
    )
      this.setReady(rt, false, t);
  }

  private setReady(rt: PodRuntime, ready: boolean, t: number) {
    rt.ready = ready;
    rt.readySince = t;
    rt.dirty = true;
  }

  private startContainer(rt: PodRuntime, t: number) {
    rt.stage = 'running';
    rt.runningSince = t;
    rt.started = false;
    rt.lastProbe = t;
    rt.containerId = this.rng.hex(64);
    rt.counters = newCounters();
    rt.dirty = true;
  }

  private terminate(
    rt: PodRuntime,
    t: number,
    exitCode: number,
    reason: string,
  ) {
    rt.lastTerminated = {
      exitCode,
      reason,
      startedAt: this.clock.iso(rt.runningSince ?? t),
      finishedAt: this.clock.iso(t),
      containerID: `containerd://${rt.containerId}`,
    };
    rt.restartCount++;
    if (rt.ready) this.setReady(rt, false, t);
    rt.started = false;
    rt.dirty = true;
    if (reason === 'OOMKilled') {
      rt.stage = 'backoff';
      rt.nextAt = t + 1;
      return;
    }
    const backoff = Math.min(300, 10 * 2 ** Math.min(rt.restartCount - 1, 5));
    rt.stage = 'backoff';
    rt.backoffText = goDuration(backoff);
    rt.nextAt = t + backoff;
    const pod = this.store.get('/pods', rt.namespace, rt.name);
    if (pod)
      this.events.record(
        pod,
        'Pod',
        'v1',
        'Warning',
        'BackOff',
        `Back-off restarting failed container agent in pod ${rt.name}_${rt.namespace}(${rt.uid})`,
        { component: 'kubelet', host: rt.node },
        'spec.containers{agent}',
      );
  }

  private write(rt: PodRuntime) {
    rt.dirty = false;
    const pod = this.store.get('/pods', rt.namespace, rt.name) as
      | (KubeObject & { spec: Record<string, unknown> })
      | undefined;
    if (!pod) return;
    const spec =
      rt.stage === 'pending' || pod.spec.nodeName
        ? pod.spec
        : { ...pod.spec, nodeName: rt.node };
    this.store.put('/pods', {
      ...pod,
      spec,
      status: podStatus(pod, rt, this.clock.iso),
    } as KubeObject);
  }

  /** Called when a pod is deleted: the kubelet stops its container. */
  killed(pod: KubeObject) {
    const rt = this.pods.get(pod.metadata.uid ?? '');
    if (rt && rt.stage !== 'pending' && !rt.agent.synthetic)
      this.events.record(
        pod,
        'Pod',
        'v1',
        'Normal',
        'Killing',
        'Stopping container agent',
        { component: 'kubelet', host: rt.node },
        'spec.containers{agent}',
      );
    if (rt) this.forget(rt);
  }
}

export const isoOf =
  (start: number, msPerSecond = 1000) =>
  (t: number) =>
    rfc3339(new Date(start + t * msPerSecond));
