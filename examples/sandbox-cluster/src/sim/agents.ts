import type { HostileBehaviour, ScenarioAgent } from './scenarioTypes';

const depErrors: Record<string, string> = {
  llm_api: 'error: timeout after 5s (api.openai.com:443)',
  database: 'error: connection refused (postgres:5432)',
  vector_store: 'error: connection refused (qdrant:6333)',
  queue: 'error: connection refused (redis:6379)',
  tool_server: 'error: connection refused (mcp-tools:8080)',
  model_loaded: 'error: model not loaded',
  gpu: 'error: no CUDA device available',
};

/** Runtime state of one simulated agent (shared by its pods). */
export class AgentRuntime {
  readonly key: string;
  private readonly overrides = new Map<
    string,
    { ok: boolean; error?: string }
  >();
  /** Total active requests forced by sim.setLoad, if any. */
  loadOverride?: number;
  /** Set by sim.setHostile; null makes a scenario's hostile agent honest. */
  hostileOverride?: HostileBehaviour | null;
  oomDone = false;

  constructor(readonly spec: ScenarioAgent, readonly synthetic = false) {
    this.key = `${spec.namespace}/${spec.name}`;
  }

  get checks(): string[] {
    return this.spec.checks?.length ? this.spec.checks : ['llm_api'];
  }

  get models(): string[] {
    return this.spec.models?.length ? this.spec.models : ['openai/gpt-4o-mini'];
  }

  get maxConcurrency(): number {
    return this.spec.maxConcurrency ?? 8;
  }

  get hostile(): HostileBehaviour | undefined {
    return this.hostileOverride === undefined
      ? this.spec.behaviours?.hostile
      : this.hostileOverride ?? undefined;
  }

  setDependency(check: string, ok: boolean, error?: string) {
    this.overrides.set(check, { ok, error });
  }

  /** Each check's answer at scenario second `t`: "ok" or "error: ...". */
  checkResults(t: number): Record<string, string> {
    const out: Record<string, string> = {};
    const outage = this.spec.behaviours?.outage;
    for (const c of this.checks) {
      const o = this.overrides.get(c);
      let ok = o ? o.ok : true;
      if (!o && outage && outage.check === c) {
        const start = outage.startSecond ?? outage.everySeconds / 2;
        const phase = t - start;
        ok = !(phase >= 0 && phase % outage.everySeconds < outage.forSeconds);
      }
      out[c] = ok
        ? 'ok'
        : o?.error ?? depErrors[c] ?? `error: ${c} unavailable`;
    }
    return out;
  }

  /** Total active requests across the agent at scenario second `t`. */
  totalLoad(t: number, readyPods: number): number {
    if (this.loadOverride !== undefined) return this.loadOverride;
    const l = this.spec.load ?? {};
    const period = l.periodSeconds ?? 1800;
    let v =
      (l.base ?? 2 * Math.max(1, readyPods)) +
      (l.amplitude ?? 0) * (0.5 - 0.5 * Math.cos((2 * Math.PI * t) / period));
    if (
      l.burstEverySeconds &&
      t % l.burstEverySeconds < (l.burstForSeconds ?? 120)
    )
      v += l.burstSize ?? 20;
    // Deterministic jitter so the curves do not look synthetic.
    v *= 1 + 0.08 * Math.sin(t / 37 + this.key.length);
    return Math.max(0, v);
  }

  /** KEDA: the queue length (redis) or consumer lag (nats) at `t`. */
  queueLength(t: number): number {
    return Math.round(this.totalLoad(t, 1));
  }

  triggerFailing(t: number): boolean {
    const f = this.spec.behaviours?.triggerFailure;
    return !!f && t >= f.startSecond && t < f.startSecond + f.forSeconds;
  }
}
