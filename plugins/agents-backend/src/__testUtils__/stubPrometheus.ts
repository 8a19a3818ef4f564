import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Entity } from '@backstage/catalog-model';
import { PlausibilityLimits } from '../services/Usage/counterPlan';
import { createPrometheusClient } from '../services/Usage/prometheusClient';
import { createPrometheusUsageReader } from '../services/Usage/createPrometheusUsageReader';
import { createUsageService } from '../services/Usage/createUsageService';

/** A series a stub answers with: its labels and the value, as Prometheus writes it. */
export interface StubSeries {
  metric: Record<string, string>;
  value: string;
}

/**
 * A Prometheus HTTP API on 127.0.0.1 whose answers the test decides, for
 * exact figures (a real Prometheus extrapolates) and values a real one
 * rarely gives (NaN, +Inf, 1e12).
 */
export async function startStubPrometheus(
  answer: (query: string, kind: 'query' | 'query_range') => StubSeries[],
) {
  const queries: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', d => (body += d));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      const query = params.get('query') ?? '';
      queries.push(query);
      const kind = req.url?.endsWith('/query_range') ? 'query_range' : 'query';
      const time = Number(params.get('time') ?? params.get('end') ?? 0);
      const result = answer(query, kind).map(s =>
        kind === 'query'
          ? { metric: s.metric, value: [time, s.value] }
          : { metric: s.metric, values: [[time, s.value]] },
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: kind === 'query' ? 'vector' : 'matrix', result },
        }),
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/**
 * Usage of `entity` over a stub Prometheus whose instant queries answer with
 * `series` over the last 24 h and ten times that over the month, at `now`.
 */
export async function stubUsage(
  entity: Entity,
  series: { tokens: StubSeries[]; cost: StubSeries[] },
  now: number,
  limits?: PlausibilityLimits,
) {
  const stub = await startStubPrometheus((q, kind) => {
    if (kind === 'query_range') return [];
    const times = q.includes('[86400s]') ? 1 : 10;
    const scale = (s: StubSeries) => ({
      ...s,
      value: String(Number(s.value) * times),
    });
    if (q.includes('llm_tokens_total')) return series.tokens.map(scale);
    if (q.includes('llm_cost_dollars_total')) return series.cost.map(scale);
    return [];
  });
  try {
    const client = createPrometheusClient({
      baseUrl: stub.baseUrl,
      timeoutMs: 2000,
    });
    const reader = createPrometheusUsageReader(client, undefined, limits);
    return await createUsageService({
      reader,
      prices: [],
      now: () => now,
    }).getUsage(entity, '24h');
  } finally {
    await stub.stop();
  }
}
