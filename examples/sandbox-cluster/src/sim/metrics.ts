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

/** Grows the pod's counters by what `dt` seconds of its current load produce. */
export function accumulate(
  rt: PodRuntime,
  t: number,
  dt: number,
  readyPods: number,
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
  for (const m of models) {
    const name = m.split('/').pop() ?? m;
    const r = (c.requests[m] ??= {
      ok: 0,
      error: 0,
      input: 0,
      output: 0,
      cost: 0,
    });
    const reqs = (tasks * 3) / models.length;
    r.ok += reqs * (1 - errorShare / 2);
    r.error += (reqs * errorShare) / 2;
    const input = reqs * 1200;
    const output = reqs * 350;
    r.input += input;
    r.output += output;
    const [pin, pout] = m.startsWith('local/')
      ? [0, 0]
      : prices[name] ?? [1, 4];
    r.cost += (input * pin + output * pout) / 1e6;
  }
}
