import { mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { PodStatus } from '@agentdeck/plugin-agents-common';
import { createFakeStatus } from '../../__testUtils__/fakeStatus';
import { startMetricsExporter } from '../../__testUtils__/metricsExporter';
import { sqliteClient } from '../../__testUtils__/sqlite';
import {
  comparable,
  NAMING_CASES,
  NAMING_EXPECTED,
  NAMING_NAMESPACE,
  NAMING_PODS,
  NAMING_PRICES,
  namingAgent,
  roundTotals,
  STEPS,
} from '../../__testUtils__/tokenNamings';
import { migrateAgentsDatabase } from '../ScalingHistory/migrations';
import { PodProxy } from '../types';
import { createPodMetricsSampler } from './createPodMetricsSampler';
import { createPodMetricsStore } from './podMetricsStore';
import { createPodMetricsUsageReader } from './createPodMetricsUsageReader';
import { createUsageService } from './createUsageService';
import { priceUsage } from './pricing';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const INTERVAL = 30_000;

// Without Prometheus: the sampler reads each pod's own /metrics, here one
// exporter per pod, through a pod proxy.
describe('usage sampled from pods under each token naming', () => {
  let knex: Knex;
  const exporters = new Map<
    string,
    Awaited<ReturnType<typeof startMetricsExporter>>
  >();

  beforeAll(async () => {
    knex = sqliteClient();
    await migrateAgentsDatabase(knex);
    for (const p of Object.values(NAMING_PODS).flat())
      exporters.set(
        p.pod,
        await startMetricsExporter(p.counters, { steps: STEPS }),
      );
  });

  afterAll(async () => {
    await knex.destroy();
    for (const e of exporters.values()) await e.stop();
  });

  it('totals of every naming match the hand-computed usage', async () => {
    const podProxy: PodProxy = {
      async get(req) {
        const res = await fetch(
          `http://${exporters.get(req.pod)!.target}${req.path}`,
        );
        return { status: res.status, body: await res.text() };
      },
    };
    const status = createFakeStatus();
    const entities = NAMING_CASES.map(c => {
      const entity = namingAgent(c);
      status.set(entity, {
        pods: NAMING_PODS[c].map(
          p =>
            ({
              name: p.pod,
              namespace: NAMING_NAMESPACE,
              phase: 'Running',
              ready: true,
              restarts: 0,
              // running long before the first sample: it is a baseline
              createdAt: new Date(T0 - 48 * 3600_000).toISOString(),
              conditions: [],
            } as PodStatus),
        ),
      });
      return entity;
    });
    let clock = T0;
    const store = createPodMetricsStore(knex);
    const sampler = createPodMetricsSampler({
      store,
      status: status.service,
      podProxy,
      logger: mockServices.logger.mock(),
      settings: { port: 8000, path: '/metrics', sampleIntervalSeconds: 30 },
      now: () => clock,
    });
    // the first reading shows 0, the next STEPS grow, one more shows the end
    for (let i = 0; i < STEPS + 2; i++) {
      clock = T0 + i * INTERVAL;
      const pass = await sampler.sample(entities);
      expect(pass.errors).toEqual([]);
      expect(pass.rejected).toEqual([]);
    }
    for (const e of exporters.values()) expect(e.scrapes()).toBe(STEPS + 2);

    const reader = createPodMetricsUsageReader(store);
    const summary = await reader.summary24h(entities, clock);
    for (const c of NAMING_CASES) {
      const want = NAMING_EXPECTED[c];
      const entity = entities[NAMING_CASES.indexOf(c)]!;
      const res = await createUsageService({
        reader,
        prices: NAMING_PRICES,
        now: () => clock,
      }).getUsage(entity, '24h');
      expect([c, comparable(res.models)]).toEqual([c, comparable(want.models)]);
      expect([c, roundTotals(res.totals)]).toEqual([c, want.totals]);
      const models = summary
        .get(stringifyEntityRef(entity))!
        .map(m => priceUsage(m, NAMING_PRICES));
      expect([c, comparable(models)]).toEqual([c, comparable(want.models)]);
    }
  });
});
