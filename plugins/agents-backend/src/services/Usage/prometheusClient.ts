/** One series of a Prometheus answer. @public */
export interface PromSeries {
  metric: Record<string, string>;
  /** [unix seconds, value] pairs: one for an instant query, many for a range. */
  values: Array<[number, number]>;
}

import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Raised when Prometheus cannot answer. Its message reaches users, so it says
 * why without Prometheus's address; the details are logged server-side.
 * @public
 */
export class PrometheusError extends Error {
  name = 'PrometheusError';
}

type ApiAnswer = {
  status?: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: Array<{
      metric?: Record<string, string>;
      value?: [number, string];
      values?: Array<[number, string]>;
    }>;
  };
};

/** A minimal client of the Prometheus HTTP API with a hard timeout. @public */
export function createPrometheusClient(opts: {
  baseUrl: string;
  timeoutMs: number;
  logger?: LoggerService;
}) {
  const base = opts.baseUrl.replace(/\/+$/, '');

  function fail(why: string, detail: string): never {
    opts.logger?.warn(`Prometheus at ${base} failed: ${detail}`);
    throw new PrometheusError(`Prometheus could not be reached (${why})`);
  }

  async function call(path: string, params: Record<string, string>) {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        fail('timeout', `no answer within ${opts.timeoutMs} ms`);
      }
      // error codes such as ECONNREFUSED carry no address; cause messages do
      const code =
        typeof err.cause?.code === 'string' && /^[A-Z_]+$/.test(err.cause.code)
          ? err.cause.code
          : 'network error';
      fail(code, err.cause?.message ?? err.message);
    }
    let body: ApiAnswer;
    try {
      body = (await res.json()) as ApiAnswer;
    } catch {
      fail(`HTTP ${res.status}`, `answered ${res.status} without a JSON body`);
    }
    if (!res.ok || body.status !== 'success') {
      fail(
        `HTTP ${res.status}`,
        `answered ${res.status}: ${body.error ?? 'no error text'}`,
      );
    }
    return (body.data?.result ?? []).map(
      (r): PromSeries => ({
        metric: r.metric ?? {},
        values: (r.values ?? (r.value ? [r.value] : [])).map(
          ([t, v]) => [Number(t), Number(v)] as [number, number],
        ),
      }),
    );
  }

  return {
    /** `/api/v1/query` at a time (epoch ms). */
    query(expr: string, at: number) {
      return call('/api/v1/query', { query: expr, time: String(at / 1000) });
    },
    /** `/api/v1/query_range` (epoch ms). */
    queryRange(expr: string, from: number, to: number, stepMs: number) {
      return call('/api/v1/query_range', {
        query: expr,
        start: String(from / 1000),
        end: String(to / 1000),
        step: String(stepMs / 1000),
      });
    },
  };
}

/** The client's API. @public */
export type PrometheusClient = ReturnType<typeof createPrometheusClient>;
