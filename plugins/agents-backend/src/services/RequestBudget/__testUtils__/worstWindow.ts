/**
 * The most requests any window held beyond what a token bucket allows there
 * (`burst + qps * T`); above 0 means the budget was broken. `jitterMs` is the
 * error of observing start times, not slack of the budget.
 */
export function worstWindow(
  starts: number[],
  qps: number,
  burst: number,
  jitterMs = 0,
) {
  const sorted = [...starts].sort((a, b) => a - b);
  let worst = -Infinity;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const ms = sorted[j] - sorted[i] + jitterMs;
      worst = Math.max(worst, j - i + 1 - (burst + (qps * ms) / 1000));
    }
  }
  return worst;
}
