import type { ApiContext } from './api/context';
import type { Change } from './api/store';
import { Store } from './api/store';
import { Rng } from './rng';
import { loadScenario } from './sim/loadScenario';
import type { DeployedBy, Scenario } from './sim/scenarioTypes';
import { Simulation } from './sim/Simulation';
import { defaultFaults } from './types';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOUR = 3600_000;
/** The HPA controller's sync period: a look at the fleet after each. */
const LOOK_SECONDS = 15;
/** Event reasons of rescales by HPAs and KEDA. */
const RESCALE_REASONS = new Set([
  'SuccessfulRescale',
  'KEDAScaleTargetActivated',
  'KEDAScaleTargetDeactivated',
  'KEDAScalerFailed',
  'ScaledObjectPaused',
]);

/** Options of {@link simulatePast}. @public */
export interface PastOptions {
  /** A built-in scenario name, a YAML path or a scenario object. */
  scenario: string | Scenario;
  /** The cluster's name (event sources name it). */
  name?: string;
  /** Wall-clock end of the past, ms since the epoch; default now. */
  end?: number;
  /** How far back it reaches, ms. */
  spanMs: number;
  /**
   * Real ms a scenario second stands for. Default 48 000: the demo scenarios'
   * "day" (a load period of 30 scenario minutes) lasts a real day.
   */
  msPerSecond?: number;
  /** Real ms each usage increment covers; default an hour. */
  usageStepMs?: number;
  /** A sample at least this often (real ms) while the counts stay the same; default an hour. */
  heartbeatMs?: number;
  seed?: number;
}

/** One autoscaler's counts at a time. @public */
export interface PastSample {
  at: string;
  current: number;
  desired: number;
  min: number;
  max: number;
}

/** An HPA, or a KEDA ScaledObject (with the counts of the HPA it made), and its samples. @public */
export interface PastAutoscaler {
  /** The Deployment it scales, named after its agent. */
  agent: string;
  namespace: string;
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  name: string;
  samples: PastSample[];
}

/** A rescale event as the cluster recorded it. @public */
export interface PastRescale {
  agent: string;
  namespace: string;
  at: string;
  /** `Kind/name` of the object the event is about. */
  object: string;
  reason: string;
  message: string;
  from?: number;
  to?: number;
}

/** The LLM tokens and cost one agent's pods counted of one model in the interval ending at `at`. @public */
export interface PastUsage {
  agent: string;
  namespace: string;
  at: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** What {@link simulatePast} recorded. @public */
export interface SandboxPast {
  from: string;
  to: string;
  /** The scenario's agents and who deployed them (only `agentdeck`'s have catalog entities in the demo). */
  agents: Array<{ name: string; namespace: string; deployedBy: DeployedBy }>;
  autoscalers: PastAutoscaler[];
  rescales: PastRescale[];
  usage: PastUsage[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Runs a scenario headless (no API server) over a span of wall-clock time
 * that ends at `end`, its clock stretched so that a scenario second lasts
 * `msPerSecond`, and records what a backend watching it would have seen:
 * every autoscaler's counts after each HPA sync, the rescale events, and the
 * LLM usage its pods counted per interval. The past of a demo fleet, with the
 * same load curves, autoscalers and behaviours as the live sandbox.
 * @public
 */
export async function simulatePast(opts: PastOptions): Promise<SandboxPast> {
  const scenario = loadScenario(opts.scenario);
  const seed = opts.seed ?? scenario.seed ?? 42;
  const msPerSecond = opts.msPerSecond ?? 48_000;
  const end = opts.end ?? Date.now();
  const usageStepMs = opts.usageStepMs ?? HOUR;
  const heartbeatMs = opts.heartbeatMs ?? HOUR;
  const seconds =
    Math.ceil(opts.spanMs / msPerSecond / LOOK_SECONDS) * LOOK_SECONDS;
  const startMs = end - seconds * msPerSecond;

  const store = new Store();
  const holder: { sim?: Simulation } = {};
  const simOf = () => holder.sim!;
  const ctx: ApiContext = {
    store,
    rng: new Rng(seed),
    faults: defaultFaults(),
    identities: new Map(),
    bookmarkIntervalMs: 60_000,
    installedGroups: new Set(scenario.crds ?? []),
    serverAddress: '',
    now: () => simOf().now(),
    proxy: (ns, pod, port, path) => simOf().proxy(ns, pod, port, path),
    logs: (ns, pod) => simOf().logs(ns, pod),
  };
  const sim = new Simulation(ctx, scenario, opts.name ?? 'sandbox', seed, 0, {
    startMs,
    msPerSecond,
  });
  holder.sim = sim;

  const hpa = (ns: string, name: string) =>
    store.get('autoscaling/horizontalpodautoscalers', ns, name) as
      | Json
      | undefined;
  const scaledObjects = () =>
    store.list('keda.sh/scaledobjects') as Json[] as Array<Json>;
  const kedaHpaName = (so: Json) =>
    so.status?.hpaName ?? `keda-hpa-${so.metadata.name}`;

  // rescale events as they are written (a repeat bumps the count of the same Event)
  const rescales: PastRescale[] = [];
  const onChange = (c: Change) => {
    if (c.storage !== 'events') return;
    const e = c.obj as Json;
    if (!RESCALE_REASONS.has(e.reason)) return;
    if (c.type === 'DELETED') return;
    if (
      c.type === 'MODIFIED' &&
      (e.count ?? 1) <= ((c.prev as Json)?.count ?? 1)
    )
      return;
    const io = e.involvedObject ?? {};
    const ns = io.namespace ?? e.metadata.namespace;
    let agent = io.name;
    let from: number | undefined;
    if (io.kind === 'HorizontalPodAutoscaler') {
      // written before the HPA's new status: it still holds the size scaled from
      const h = hpa(ns, io.name);
      agent = h?.spec?.scaleTargetRef?.name ?? agent;
      from = h?.status?.desiredReplicas;
    } else if (io.kind === 'ScaledObject') {
      const so = store.get('keda.sh/scaledobjects', ns, io.name) as Json;
      agent = so?.spec?.scaleTargetRef?.name ?? agent;
    }
    const size = /New size: (\d+)/.exec(e.message ?? '');
    rescales.push({
      agent,
      namespace: ns,
      at: iso(Date.parse(e.lastTimestamp ?? e.metadata.creationTimestamp)),
      object: `${io.kind}/${io.name}`,
      reason: e.reason,
      message: e.message ?? '',
      ...(from !== undefined ? { from } : {}),
      ...(size ? { to: Number(size[1]) } : {}),
    });
  };
  const unsubscribe = store.subscribe(onChange);
  sim.seed();

  const series = new Map<string, PastAutoscaler & { lastAt: number }>();
  function sample(
    at: number,
    a: Omit<PastAutoscaler, 'samples'>,
    counts: Omit<PastSample, 'at'>,
  ) {
    const key = `${a.namespace}/${a.kind}/${a.name}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { ...a, samples: [], lastAt: -Infinity }));
    const last = s.samples[s.samples.length - 1];
    const same =
      last &&
      last.current === counts.current &&
      last.desired === counts.desired &&
      last.min === counts.min &&
      last.max === counts.max;
    if (same && at - s.lastAt < heartbeatMs) return;
    s.samples.push({ at: iso(at), ...counts });
    s.lastAt = at;
  }

  function lookAtAutoscalers(at: number) {
    const owned = new Set<string>();
    for (const so of scaledObjects()) {
      const ns = so.metadata.namespace;
      const h = hpa(ns, kedaHpaName(so));
      owned.add(`${ns}/${kedaHpaName(so)}`);
      if (!h?.status) continue;
      sample(
        at,
        {
          agent: so.spec.scaleTargetRef.name,
          namespace: ns,
          kind: 'ScaledObject',
          name: so.metadata.name,
        },
        {
          current: h.status.currentReplicas ?? 0,
          desired: h.status.desiredReplicas ?? 0,
          min: so.spec.minReplicaCount ?? 0,
          max: so.spec.maxReplicaCount ?? 100,
        },
      );
    }
    for (const h of store.list(
      'autoscaling/horizontalpodautoscalers',
    ) as Json[]) {
      const ns = h.metadata.namespace;
      if (owned.has(`${ns}/${h.metadata.name}`) || !h.status) continue;
      sample(
        at,
        {
          agent: h.spec.scaleTargetRef.name,
          namespace: ns,
          kind: 'HorizontalPodAutoscaler',
          name: h.metadata.name,
        },
        {
          current: h.status.currentReplicas ?? 0,
          desired: h.status.desiredReplicas ?? 0,
          min: h.spec.minReplicas ?? 1,
          max: h.spec.maxReplicas ?? 1,
        },
      );
    }
  }

  // usage: each pod's counters since the last look (a restarted container counts from zero)
  const usage: PastUsage[] = [];
  const seen = new Map<
    string,
    { input: number; output: number; cost: number }
  >();
  function lookAtUsage(at: number) {
    const sums = new Map<string, PastUsage>();
    for (const pod of sim.llmCounters()) {
      for (const [model, r] of Object.entries(pod.requests)) {
        const key = `${pod.uid}/${model}`;
        const before = seen.get(key) ?? { input: 0, output: 0, cost: 0 };
        const restarted = r.input < before.input;
        const base = restarted ? { input: 0, output: 0, cost: 0 } : before;
        seen.set(key, { input: r.input, output: r.output, cost: r.cost });
        const id = `${pod.namespace}/${pod.agent}/${model}`;
        const u = sums.get(id) ?? {
          agent: pod.agent,
          namespace: pod.namespace,
          at: iso(at),
          model,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
        };
        u.inputTokens += r.input - base.input;
        u.outputTokens += r.output - base.output;
        u.costUsd += r.cost - base.cost;
        sums.set(id, u);
      }
    }
    for (const u of sums.values()) {
      if (u.inputTokens <= 0 && u.outputTokens <= 0) continue;
      usage.push({
        ...u,
        inputTokens: Math.round(u.inputTokens),
        outputTokens: Math.round(u.outputTokens),
      });
    }
  }

  let lastUsage = startMs;
  try {
    for (let t = 0; t < seconds; t += LOOK_SECONDS) {
      sim.advance(LOOK_SECONDS);
      const at = startMs + (t + LOOK_SECONDS) * msPerSecond;
      lookAtAutoscalers(at);
      if (at - lastUsage >= usageStepMs || t + LOOK_SECONDS >= seconds) {
        lookAtUsage(at);
        lastUsage = at;
      }
      // let the controllers' deferred reconciles run, as between the live sandbox's ticks
      await new Promise(resolve => setImmediate(resolve));
    }
  } finally {
    unsubscribe();
    sim.stop();
  }

  return {
    from: iso(startMs),
    to: iso(end),
    agents: (scenario.agents ?? []).map(a => ({
      name: a.name,
      namespace: a.namespace,
      deployedBy: a.deployedBy ?? 'agentdeck',
    })),
    autoscalers: [...series.values()].map(({ lastAt: _, ...a }) => a),
    rescales,
    usage,
  };
}
