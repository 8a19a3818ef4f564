import { performance } from 'node:perf_hooks';

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Nearest-rank percentiles of a sample. */
export function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    s[
      Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))
    ] ?? NaN;
  return {
    n: s.length,
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(s[s.length - 1] ?? NaN),
  };
}

/**
 * Times `fn` sequentially (one request at a time, like one user): `warmup`
 * untimed calls, then up to `count` timed ones, stopping early after `budgetMs`.
 */
export async function timeCalls(
  fn: () => Promise<void>,
  opts: { count: number; warmup?: number; budgetMs: number; minCount?: number },
): Promise<Percentiles & { stoppedEarly: boolean }> {
  for (let i = 0; i < (opts.warmup ?? 3); i++) await fn();
  const samples: number[] = [];
  const deadline = Date.now() + opts.budgetMs;
  while (
    samples.length < opts.count &&
    (Date.now() < deadline || samples.length < (opts.minCount ?? 5))
  ) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { ...percentiles(samples), stoppedEarly: samples.length < opts.count };
}

/** Resolves once `check` returns a truthy value, polling; throws after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
  throw new Error(
    `${what}: not reached within ${timeoutMs / 1000} s${
      last ? ` (last error: ${last})` : ''
    }`,
  );
}

/** A full collection, then heap and RSS. */
export function memory() {
  const gc = (global as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return {
    heapUsed: m.heapUsed,
    rss: m.rss,
    external: m.external + m.arrayBuffers,
  };
}
