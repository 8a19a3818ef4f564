import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  ReplicaSample,
  ScalingHistoryResponse,
  UsageResponse,
} from '@agentdeck/plugin-agents-common';
import request from 'supertest';
import { createAgentsHistoryStore, migrateAgentsDatabase } from './alpha';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { testDatabases } from './__testUtils__/testDatabases';

jest.setTimeout(120_000);

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const GPT_4O_MINI = {
  model: 'openai/gpt-4o-mini',
  inputPerMillionUsd: 0.15,
  outputPerMillionUsd: 0.6,
};

// A week of hourly samples of one HPA, newest an hour ago, the input shuffled.
function weekOfSamples(now: number): ReplicaSample[] {
  const out: ReplicaSample[] = [];
  for (let h = 7 * 24; h >= 1; h--) {
    const current = 2 + (h % 4);
    out.push({
      at: iso(now - h * HOUR),
      cluster: 'sandbox-eu',
      namespace: 'ai-agents',
      autoscaler: 'HorizontalPodAutoscaler/billing-agent',
      current,
      desired: current,
      min: 2,
      max: 10,
    });
  }
  return [...out.filter((_, i) => i % 2), ...out.filter((_, i) => !(i % 2))];
}

describe.each(testDatabases())('the alpha store API on $name', db => {
  beforeAll(() => db.setup(), 60_000);
  afterAll(() => db.teardown(), 60_000);

  it('writes a week of history that the plugin answers with, once', async () => {
    const { first: knex } = await db.open();
    const now = Date.now();
    // as a module of the plugin would: migrate, then write before the plugin starts
    await migrateAgentsDatabase(knex);
    const store = createAgentsHistoryStore(knex);
    const samples = weekOfSamples(now);
    // the ref is stored as the plugin writes it, whatever its case
    expect(
      await store.insertSamples('Agent:default/billing-agent', samples),
    ).toBe(168);
    expect(
      await store.insertSamples('agent:default/billing-agent', samples),
    ).toBe(0);
    const rescale = {
      at: iso(now - 2 * DAY),
      cluster: 'sandbox-eu',
      namespace: 'ai-agents',
      object: 'HorizontalPodAutoscaler/billing-agent',
      reason: 'SuccessfulRescale',
      message: 'New size: 5; reason: pods metric above target',
      from: 2,
      to: 5,
    };
    const events = [
      rescale,
      { ...rescale, at: iso(now - DAY), from: 5, to: 3 },
    ];
    expect(
      await store.insertEvents('agent:default/billing-agent', events),
    ).toBe(2);
    expect(
      await store.insertEvents('agent:default/billing-agent', events),
    ).toBe(0);
    // a day's tokens for each of the last 7 days, priced by the table; one day also has a cost metric
    await store.insertUsage(
      'agent:default/billing-agent',
      Array.from({ length: 7 }, (_, d) => ({
        at: iso(now - d * DAY - HOUR),
        model: 'openai/gpt-4o-mini',
        inputTokens: 1_000_000,
        outputTokens: 100_000,
      })),
    );
    await store.insertUsage('agent:default/billing-agent', [
      {
        at: iso(now - 3 * HOUR),
        model: 'anthropic/claude-3-5-haiku',
        inputTokens: 500,
        outputTokens: 50,
        costUsd: 0.25,
      },
    ]);

    const backend = await startAgentsBackend({
      clusters: [],
      entities: [agent('billing-agent')],
      agents: { usage: { prices: [GPT_4O_MINI] } },
      extra: [mockServices.database.factory({ knex })],
    });
    try {
      const get = (path: string) =>
        request(backend.server)
          .get(`/api/agents/entities/default/billing-agent${path}`)
          .set('Authorization', mockCredentials.user.header());
      const scaling = await get(
        `/scaling?from=${iso(now - 7 * DAY - HOUR)}&to=${iso(now)}`,
      );
      expect(scaling.status).toBe(200);
      const history = scaling.body as ScalingHistoryResponse;
      expect(history.samples).toHaveLength(168);
      expect(history.samples[0]).toEqual(
        [...samples].sort((a, b) => a.at.localeCompare(b.at))[0],
      );
      expect(history.events.map(e => [e.from, e.to])).toEqual([
        [2, 5],
        [5, 3],
      ]);

      const res = await get('/usage?window=7d');
      expect(res.status).toBe(200);
      const usage = res.body as UsageResponse;
      expect(usage.source.kind).toBe('pod-metrics');
      expect(usage.totals.inputTokens).toBe(7_000_500);
      expect(usage.totals.outputTokens).toBe(700_050);
      // 7 x (1M x 0.15 + 0.1M x 0.6) / 1M, plus the metric's 0.25
      expect(usage.totals.costUsd).toBeCloseTo(7 * 0.21 + 0.25, 6);
      // 6-hour steps: the two increments of the last hours share one
      expect(usage.series.filter(p => p.inputTokens > 0)).toHaveLength(7);
    } finally {
      await backend.stop();
    }
  });

  it('checks every record before it writes any', async () => {
    const { first: knex } = await db.open();
    await migrateAgentsDatabase(knex);
    const store = createAgentsHistoryStore(knex);
    const [good, next] = weekOfSamples(Date.now()).sort((a, b) =>
      a.at.localeCompare(b.at),
    );
    const ref = 'agent:default/billing-agent';
    await expect(
      store.insertSamples(ref, [good!, { ...next!, current: 2.5 }]),
    ).rejects.toThrow("'current' must be an integer");
    await expect(
      store.insertSamples(ref, [good!, { ...next!, at: 'yesterday' }]),
    ).rejects.toThrow("'at' must be an ISO 8601 time");
    await expect(store.insertSamples('billing-agent', [good!])).rejects.toThrow(
      'is not an entity ref',
    );
    await expect(
      store.insertUsage(ref, [
        { at: good!.at, model: 'm', inputTokens: 1, outputTokens: 1 },
        { at: good!.at, model: 'm', inputTokens: -1, outputTokens: 1 },
      ]),
    ).rejects.toThrow("'inputTokens' must be a number ≥ 0");
    const [{ n: samples }] = await knex('agents_replica_samples').count({
      n: '*',
    });
    const [{ n: increments }] = await knex('agents_usage_increments').count({
      n: '*',
    });
    expect([Number(samples), Number(increments)]).toEqual([0, 0]);
    // a sample older than the newest of its series is skipped, not inserted before it
    expect(await store.insertSamples(ref, [next!])).toBe(1);
    expect(await store.insertSamples(ref, [good!])).toBe(0);
  });
});
