import type { PodRuntime } from './podRuntime';

/** USD per million tokens (input, output). */
const prices: Record<string, [number, number]> = {
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4o': [2.5, 10],
  'claude-3-5-haiku': [0.8, 4],
  'claude-sonnet-4': [3, 15],
};

export const durationBounds = [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];
// Share of tasks finishing under each bound (cumulative), for a typical agent.
const durationShape = [0.02, 0.05, 0.15, 0.3, 0.55, 0.78, 0.9, 0.98, 1];

/** Current active requests of one pod. */
export function podLoad(rt: PodRuntime, t: number, readyPods: number): number {
  if (!rt.ready) return 0;
  return rt.agent.totalLoad(t, readyPods) / Math.max(1, readyPods);
}

/**
 * LLM calls per real second per active request: an agent at 35 active
 * requests (billing-agent's average) makes about 10,000 calls a day, some
 * $4 a day on gpt-4o-mini, $65 on gpt-4o. Calls, tokens and cost count on the
 * wall clock (`realSeconds`), so a day of the demo spends what a day of such an
 * agent would at any time scale; the load curves and tasks run in scenario time.
 */
export const LLM_CALLS_PER_REQUEST_SECOND = 1 / 300;
/** Tokens of one LLM call. */
const INPUT_TOKENS_PER_CALL = 1200;
const OUTPUT_TOKENS_PER_CALL = 350;

/**
 * Grows the pod's counters by what `dt` scenario seconds (`realSeconds` on
 * the wall clock) of its current load produce.
 */
export function accumulate(
  rt: PodRuntime,
  t: number,
  dt: number,
  readyPods: number,
  realSeconds: number = dt,
) {
  const load = podLoad(rt, t, readyPods);
  if (load <= 0 || dt <= 0) return;
  const c = rt.counters;
  const tasks = (load / 12) * dt;
  const checks = rt.agent.checkResults(t);
  const errorShare = Object.values(checks).some(v => v !== 'ok') ? 0.25 : 0.02;
  c.tasksOk += tasks * (1 - errorShare);
  c.tasksError += tasks * errorShare;
  for (let i = 0; i < durationBounds.length; i++)
    c.durationBuckets[i] += tasks * durationShape[i];
  c.durationSum += tasks * 12;
  c.durationCount += tasks;
  const models = rt.agent.models;
  const calls = load * LLM_CALLS_PER_REQUEST_SECOND * realSeconds;
  for (const m of models) {
    const name = m.split('/').pop() ?? m;
    const r = (c.requests[m] ??= {
      ok: 0,
      error: 0,
      input: 0,
      output: 0,
      cost: 0,
    });
    const reqs = calls / models.length;
    r.ok += reqs * (1 - errorShare / 2);
    r.error += (reqs * errorShare) / 2;
    const input = reqs * INPUT_TOKENS_PER_CALL;
    const output = reqs * OUTPUT_TOKENS_PER_CALL;
    r.input += input;
    r.output += output;
    const [pin, pout] = m.startsWith('local/')
      ? [0, 0]
      : prices[name] ?? [1, 4];
    r.cost += (input * pin + output * pout) / 1e6;
  }
}
