import { stringifyEntityRef } from '@backstage/catalog-model';
import { startPrometheus, TestPrometheus } from '@agentdeck/test-utils';
import { startMetricsExporter } from '../../__testUtils__/metricsExporter';
import {
  comparable,
  NAMING_CASES,
  NAMING_EXPECTED,
  NAMING_NAMESPACE,
  NAMING_PODS,
  NAMING_PRICES,
  NamingCase,
  namingAgent,
  roundTotals,
  STEPS,
} from '../../__testUtils__/tokenNamings';
import { createPrometheusClient } from './prometheusClient';
import { createPrometheusUsageReader } from './createPrometheusUsageReader';
import { createUsageService } from './createUsageService';
import { priceUsage, sumUsage } from './pricing';

// One exporter per naming, its pods' series told apart by their labels, as
// a Kubernetes service discovery would have attached them.
describe('usage from Prometheus under each token naming', () => {
  const exporters = new Map<
    NamingCase,
    Awaited<ReturnType<typeof startMetricsExporter>>
  >();
  let prom: TestPrometheus;

  beforeAll(async () => {
    for (const c of NAMING_CASES) {
      const counters = NAMING_PODS[c].flatMap(p =>
        p.counters.map(counter => ({
          ...counter,
          labels: {
            namespace: NAMING_NAMESPACE,
            pod: p.pod,
            app: p.agent,
            ...counter.labels,
          },
        })),
      );
      exporters.set(c, await startMetricsExporter(counters, { steps: STEPS }));
    }
    prom = await startPrometheus([...exporters.values()].map(e => e.target));
    // the first scrape shows 0, the next STEPS grow, one more shows the end
    for (const e of exporters.values()) {
      await prom.waitFor(
        `count_over_time(up{instance="${e.target}"}[10m])`,
        STEPS + 2,
      );
    }
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
    for (const e of exporters.values()) await e.stop();
  }, 30_000);

  const client = () =>
    createPrometheusClient({ baseUrl: prom.baseUrl, timeoutMs: 5000 });

  /** The time of the exporter's last scrape: a window ending there holds every increase exactly. */
  async function lastScrape(c: NamingCase) {
    const [s] = await client().query(
      `timestamp(up{instance="${exporters.get(c)!.target}"})`,
      Date.now(),
    );
    return Math.round(s!.values[0]![1] * 1000);
  }

  it.each(NAMING_CASES.map(c => [c]))(
    'totals of the %s agent match the hand-computed usage',
    async c => {
      const want = NAMING_EXPECTED[c];
      const entity = namingAgent(c);
      const to = await lastScrape(c);
      for (const label of [undefined, 'app']) {
        const reader = createPrometheusUsageReader(client(), label);
        const res = await createUsageService({
          reader,
          prices: NAMING_PRICES,
          now: () => to,
        }).getUsage(entity, '24h');
        expect(res.error).toBeUndefined();
        expect(res.source).toEqual({ kind: 'prometheus', metric: want.metric });
        expect(comparable(res.models)).toEqual(comparable(want.models));
        expect(roundTotals(res.totals)).toEqual(want.totals);
        // the last hour's step holds every scrape, the others none
        const series = sumUsage(
          res.series.map(p => ({ model: '', costSource: 'metric', ...p })),
        );
        expect(roundTotals(series)).toEqual(want.totals);

        // the overview's one query for every agent says the same
        const summary = await reader.summary24h([entity], to);
        const models = summary
          .get(stringifyEntityRef(entity))!
          .map(m => priceUsage(m, NAMING_PRICES));
        expect(comparable(models)).toEqual(comparable(want.models));
      }
    },
  );
});
