import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { agentEntity } from '../../__testUtils__/fakeStatus';
import { startMetricsExporter } from '../../__testUtils__/metricsExporter';
import { startPrometheus, TestPrometheus } from '@agentdeck/test-utils';
import { stubUsage, StubSeries } from '../../__testUtils__/stubPrometheus';
import { createPrometheusClient } from './prometheusClient';
import { createPrometheusUsageReader } from './createPrometheusUsageReader';
import { createUsageService } from './createUsageService';

const ns = { 'backstage.io/kubernetes-namespace': 'ai-agents' };
const billing = agentEntity(
  'billing-agent',
  { budget: { monthlyUsd: 100 } },
  ns,
);
const billingV2 = agentEntity('billing-agent-v2', {}, ns);
const codeReview = agentEntity('code-review-agent', {}, ns);
const triage = agentEntity('support-triage-agent', {}, ns);
const idle = agentEntity('doc-embedder', {}, ns);
const inflated = agentEntity('inflated-agent', {}, ns);

const pod = (app: string, suffix = '5d8f9c-x2k4q') => ({
  namespace: 'ai-agents',
  pod: `${app}-${suffix}`,
  app,
});
const prices = [
  {
    model: 'anthropic/claude-sonnet-4',
    inputPerMillionUsd: 3,
    outputPerMillionUsd: 15,
  },
  { model: 'gpt-4o', inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
];

describe('usage from Prometheus', () => {
  let exporter: Awaited<ReturnType<typeof startMetricsExporter>>;
  let prom: TestPrometheus;

  beforeAll(async () => {
    exporter = await startMetricsExporter([
      {
        name: 'llm_tokens_total',
        labels: {
          ...pod('billing-agent'),
          model: 'gpt-4o-mini',
          direction: 'input',
        },
        step: 1000,
      },
      {
        name: 'llm_tokens_total',
        labels: {
          ...pod('billing-agent'),
          model: 'gpt-4o-mini',
          direction: 'output',
        },
        step: 250,
      },
      {
        name: 'llm_cost_dollars_total',
        labels: { ...pod('billing-agent'), model: 'gpt-4o-mini' },
        step: 0.5,
      },
      {
        name: 'llm_tokens_total',
        labels: {
          ...pod('billing-agent-v2'),
          model: 'gpt-4o',
          direction: 'input',
        },
        step: 7,
      },
      {
        name: 'llm_tokens_total',
        labels: {
          ...pod('inflated-agent'),
          model: 'gpt-4o',
          direction: 'input',
        },
        step: 5,
      },
      {
        name: 'llm_cost_dollars_total',
        labels: { ...pod('inflated-agent'), model: 'gpt-4o' },
        step: 1e12,
      },
      {
        name: 'llm_tokens_total',
        labels: {
          ...pod('code-review-agent'),
          model: 'claude-sonnet-4',
          direction: 'input',
        },
        step: 400,
      },
      {
        name: 'llm_tokens_total',
        labels: {
          ...pod('code-review-agent'),
          model: 'claude-sonnet-4',
          direction: 'output',
        },
        step: 100,
      },
      {
        name: 'gen_ai_client_token_usage',
        type: 'histogram-sum',
        labels: {
          ...pod('support-triage-agent'),
          gen_ai_request_model: 'gpt-4o',
          gen_ai_token_type: 'input',
        },
        step: 300,
      },
      {
        name: 'gen_ai_client_token_usage',
        type: 'histogram-sum',
        labels: {
          ...pod('support-triage-agent'),
          gen_ai_request_model: 'gpt-4o',
          gen_ai_token_type: 'output',
        },
        step: 30,
      },
    ]);
    prom = await startPrometheus([exporter.target]);
    await prom.waitFor('min(count_over_time(llm_tokens_total[5m]))', 4);
    await prom.waitFor(
      'min(count_over_time(gen_ai_client_token_usage_sum[5m]))',
      4,
    );
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
  }, 30_000);

  const service = (selectorLabel?: string) => {
    const client = createPrometheusClient({
      baseUrl: prom.baseUrl,
      timeoutMs: 5000,
    });
    const reader = createPrometheusUsageReader(client, selectorLabel);
    return { reader, usage: createUsageService({ reader, prices }) };
  };

  it('reads llm_tokens_total and the cost metric for the agent only', async () => {
    const res = await service().usage.getUsage(billing, '24h');
    expect(res.error).toBeUndefined();
    expect(res.source).toEqual({
      kind: 'prometheus',
      metric: 'llm_tokens_total',
    });
    expect(res.models.map(m => [m.model, m.costSource])).toEqual([
      ['gpt-4o-mini', 'metric'],
    ]);
    const [m] = res.models;
    expect(m?.inputTokens).toBeGreaterThan(0);
    // Same scrapes for both directions, so the 4:1 ratio survives extrapolation.
    expect((m?.inputTokens ?? 0) / (m?.outputTokens ?? 1)).toBeCloseTo(4, 1);
    expect(m?.costUsd).toBeCloseTo(((m?.outputTokens ?? 0) / 250) * 0.5, 0);
    expect(res.prices).toEqual([]);
    expect(res.totals.inputTokens).toBe(m?.inputTokens);
    expect(res.series).toHaveLength(24);
    expect(res.series[23]?.inputTokens).toBeGreaterThan(0);
    expect(res.series[0]?.inputTokens).toBe(0);
  });

  it('prices tokens from the table where no cost metric exists', async () => {
    const res = await service('app').usage.getUsage(codeReview, '7d');
    expect(res.series).toHaveLength(28);
    const [m] = res.models;
    expect(m).toMatchObject({
      model: 'claude-sonnet-4',
      costSource: 'price-table',
    });
    expect(m?.costUsd).toBeCloseTo(
      ((m?.inputTokens ?? 0) * 3 + (m?.outputTokens ?? 0) * 15) / 1e6,
      4,
    );
    expect(res.prices).toEqual([prices[0]]);
  });

  it('falls back to the OpenTelemetry GenAI histogram', async () => {
    const res = await service().usage.getUsage(triage, '30d');
    expect(res.source).toEqual({
      kind: 'prometheus',
      metric: 'gen_ai_client_token_usage',
    });
    const [m] = res.models;
    expect(m).toMatchObject({ model: 'gpt-4o', costSource: 'price-table' });
    expect((m?.inputTokens ?? 0) / (m?.outputTokens ?? 1)).toBeCloseTo(10, 1);
    expect(res.series).toHaveLength(30);
  });

  it('answers an agent without metrics with zero usage', async () => {
    const res = await service().usage.getUsage(idle, '24h');
    expect(res).toMatchObject({
      models: [],
      totals: { inputTokens: 0, costUsd: 0 },
    });
    expect(res.error).toBeUndefined();
  });

  it('leaves out a pod whose cost grows by a trillion dollars a scrape, and says so', async () => {
    const { usage, reader } = service();
    const res = await usage.getUsage(inflated, '24h');
    expect(res.error).toBeUndefined();
    expect(res).toMatchObject({
      models: [],
      totals: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    });
    expect(res.series.every(p => p.costUsd === 0 && p.inputTokens === 0)).toBe(
      true,
    );
    expect(res.rejected).toEqual([
      {
        namespace: 'ai-agents',
        pod: 'inflated-agent-5d8f9c-x2k4q',
        cause: 'implausible',
        at: res.to,
      },
    ]);
    // the overview's summary drops the dollar series in Prometheus; its tokens stay
    const summary = await reader.summary24h([inflated, billing], Date.now());
    const [u] = summary.get(stringifyEntityRef(inflated)) ?? [];
    expect(u?.inputTokens).toBeGreaterThan(0);
    expect(u?.costUsd).toBeUndefined();
    expect(summary.get(stringifyEntityRef(billing))?.[0]?.costUsd).toBeLessThan(
      1000,
    );
  });

  it.each([[undefined], ['app']])(
    'summarises every agent in one query (selector label %s)',
    async label => {
      const summary = await service(label).reader.summary24h(
        [billing, billingV2, codeReview, triage, idle],
        Date.now(),
      );
      const models = (e: typeof billing) =>
        summary.get(stringifyEntityRef(e))?.map(u => u.model);
      expect(models(billing)).toEqual(['gpt-4o-mini']);
      expect(models(billingV2)).toEqual(['gpt-4o']);
      expect(models(codeReview)).toEqual(['claude-sonnet-4']);
      expect(models(triage)).toEqual(['gpt-4o']);
      expect(summary.has(stringifyEntityRef(idle))).toBe(false);
      expect(
        summary.get(stringifyEntityRef(billing))?.[0]?.costUsd,
      ).toBeGreaterThan(0);
    },
  );
});

describe('budget burn with an injected clock', () => {
  const labels = (p: string) => ({
    namespace: 'ai-agents',
    pod: `billing-agent-5d8f9c-${p}`,
    model: 'gpt-4o-mini',
  });
  const cost = (p: string, value: string): StubSeries => ({
    metric: labels(p),
    value,
  });
  const input: StubSeries = {
    metric: { ...labels('a'), direction: 'input' },
    value: '1000',
  };

  // A stub answers exact dollars (a real Prometheus extrapolates): $4.20 in 24 h, $42 this month.
  it.each([
    // 14 of February's 28 days gone: the month projects to twice what was spent
    ['2026-02-15T00:00:00Z', 84, 0.84],
    // 10 of March's 31 days gone
    ['2026-03-11T00:00:00Z', 130.2, 1.302],
  ])(
    'projects the budget at %s to exact dollars',
    async (at, projected, ratio) => {
      const res = await stubUsage(
        billing,
        { tokens: [input], cost: [cost('a', '2.1'), cost('b', '2.1')] },
        Date.parse(at),
      );
      expect(res.error).toBeUndefined();
      expect(res.totals.costUsd).toBe(4.2);
      expect(res.budget).toMatchObject({
        monthlyUsd: 100,
        spentThisMonthUsd: 42,
        projectedMonthUsd: projected,
      });
      expect(res.budget?.burnRatio).toBeCloseTo(ratio, 12);
    },
  );
});

/** Collects warnings: the address belongs in the server log, not in answers. */
function warnings() {
  const lines: string[] = [];
  const logger = {
    warn: (m: string) => void lines.push(m),
    error() {},
    info() {},
    debug() {},
    child: () => logger,
  };
  return { lines, logger };
}

describe('usage when Prometheus fails', () => {
  it('names Prometheus when it is down', async () => {
    const exporter = await startMetricsExporter([]);
    const prom = await startPrometheus([exporter.target]);
    const log = warnings();
    const client = createPrometheusClient({
      baseUrl: prom.baseUrl,
      timeoutMs: 5000,
      logger: log.logger,
    });
    const usage = createUsageService({
      reader: createPrometheusUsageReader(client),
      prices,
    });
    expect((await usage.getUsage(billing, '24h')).error).toBeUndefined();
    await prom.stop();
    await exporter.stop();
    const res = await usage.getUsage(billing, '24h');
    expect(res.error).toBe('Prometheus could not be reached (ECONNREFUSED)');
    expect(log.lines.join('\n')).toContain(`Prometheus at ${prom.baseUrl}`);
    expect(res).toMatchObject({
      entityRef: 'agent:default/billing-agent',
      window: '24h',
      models: [],
    });
  }, 60_000);

  it('gives up on a slow Prometheus after the timeout', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const server: Server = createServer(() => {
      // Never answers.
    });
    server.on('connection', s => sockets.add(s));
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }`;
    const log = warnings();
    const client = createPrometheusClient({
      baseUrl,
      timeoutMs: 300,
      logger: log.logger,
    });
    const usage = createUsageService({
      reader: createPrometheusUsageReader(client),
      prices,
    });
    const res = await usage.getUsage(billing, '7d');
    expect(res.error).toBe('Prometheus could not be reached (timeout)');
    expect(log.lines).toEqual([
      `Prometheus at ${baseUrl} failed: no answer within 300 ms`,
    ]);
    sockets.forEach(s => s.destroy());
    await new Promise(r => server.close(r));
  });

  it('answers an HTTP failure with its status only, keeping address and body in the log', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway at internal-proxy.corp:8443</html>');
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/prom`;
    const log = warnings();
    const client = createPrometheusClient({
      baseUrl,
      timeoutMs: 2000,
      logger: log.logger,
    });
    const usage = createUsageService({
      reader: createPrometheusUsageReader(client),
      prices,
    });
    const res = await usage.getUsage(billing, '24h');
    expect(res.error).toBe('Prometheus could not be reached (HTTP 502)');
    expect(JSON.stringify(res)).not.toContain('127.0.0.1');
    expect(log.lines[0]).toContain(
      `Prometheus at ${baseUrl} failed: answered 502`,
    );
    await new Promise(r => server.close(r));
  });
});
