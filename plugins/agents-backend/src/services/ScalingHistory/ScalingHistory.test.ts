import { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { RescaleEvent } from '@agentdeck/plugin-agents-common';
import { testDatabases } from '../../__testUtils__/testDatabases';
import {
  agentEntity,
  createFakeStatus,
  hpa,
} from '../../__testUtils__/fakeStatus';
import { createHistoryStore, MAX_SAMPLE_POINTS } from './historyStore';
import { createScalingHistoryCollector } from './createScalingHistoryCollector';
import { createScalingHistoryService } from './createScalingHistoryService';
import { migrateAgentsDatabase } from './migrations';

const MIN = 60_000;
const T0 = Date.parse('2025-06-01T12:00:00Z');
const billing = agentEntity('billing-agent');

const rescale = (at: number, to: number): RescaleEvent => ({
  at: new Date(at).toISOString(),
  cluster: 'sandbox-eu',
  namespace: 'ai-agents',
  object: 'HorizontalPodAutoscaler/billing-agent',
  reason: 'SuccessfulRescale',
  message: `New size: ${to}; reason: pods metric agent_active_requests above target`,
  to,
});

interface Backend {
  knex: Knex;
  clock: { t: number };
  collector: ReturnType<typeof createScalingHistoryCollector>;
  history: ReturnType<typeof createScalingHistoryService>;
}

// A "backend" is one knex client with its own collector, like one replica.
async function backend(knex: Knex, status = createFakeStatus()) {
  await migrateAgentsDatabase(knex);
  const store = createHistoryStore(knex);
  const clock = { t: T0 };
  const options = { retentionDays: 30, heartbeatMs: 10 * MIN };
  return {
    status,
    b: {
      knex,
      clock,
      collector: createScalingHistoryCollector({
        store,
        status: status.service,
        logger: mockServices.logger.mock(),
        options,
        now: () => clock.t,
      }),
      history: createScalingHistoryService({ store, retentionDays: 30 }),
    } as Backend,
  };
}

const dbs = testDatabases();

describe.each(dbs)('scaling history on $name', db => {
  beforeAll(() => db.setup(), 60_000);
  afterAll(() => db.teardown(), 60_000);

  it('stores a sample only on change or heartbeat, and events once', async () => {
    const { first } = await db.open();
    const { b, status } = await backend(first);
    status.set(billing, {
      autoscalers: [
        hpa('billing-agent', { current: 2, desired: 2, min: 2, max: 10 }),
      ],
      events: [rescale(T0 - 5 * MIN, 2)],
    });
    expect(await b.collector.collect([billing])).toEqual({
      samplesWritten: 1,
      eventsWritten: 1,
      errors: [],
    });
    b.clock.t += MIN;
    expect((await b.collector.collect([billing])).samplesWritten).toBe(0);
    status.set(billing, {
      autoscalers: [
        hpa('billing-agent', { current: 2, desired: 4, min: 2, max: 10 }),
      ],
      events: [rescale(T0 - 5 * MIN, 2), rescale(T0 + MIN, 4)],
    });
    b.clock.t += MIN;
    expect(await b.collector.collect([billing])).toMatchObject({
      samplesWritten: 1,
      eventsWritten: 1,
    });
    b.clock.t += 11 * MIN;
    expect((await b.collector.collect([billing])).samplesWritten).toBe(1);

    const res = await b.history.query(
      billing,
      new Date(T0 - 60 * MIN),
      new Date(b.clock.t),
    );
    expect(res.samples.map(s => [s.desired, s.at])).toEqual([
      [2, new Date(T0).toISOString()],
      [4, new Date(T0 + 2 * MIN).toISOString()],
      [4, new Date(T0 + 13 * MIN).toISOString()],
    ]);
    expect(res.samples[0]).toMatchObject({
      cluster: 'sandbox-eu',
      namespace: 'ai-agents',
      autoscaler: 'HorizontalPodAutoscaler/billing-agent',
      current: 2,
      min: 2,
      max: 10,
    });
    expect(res.events.map(e => e.to)).toEqual([2, 4]);
    expect(res.retentionDays).toBe(30);
  });

  it('loses nothing and duplicates nothing across a backend restart', async () => {
    const { first, again } = await db.open();
    const status = createFakeStatus();
    status.set(billing, {
      autoscalers: [
        hpa('billing-agent', { current: 3, desired: 3, min: 2, max: 10 }),
      ],
      events: [rescale(T0 - MIN, 3)],
    });
    const one = (await backend(first, status)).b;
    await one.collector.collect([billing]);
    await first.destroy();

    const two = (await backend(again(), status)).b;
    two.clock.t = T0 + MIN;
    // Same state and the same cached event after the restart: nothing new.
    expect(await two.collector.collect([billing])).toMatchObject({
      samplesWritten: 0,
      eventsWritten: 0,
    });
    const res = await two.history.query(
      billing,
      new Date(T0 - 10 * MIN),
      new Date(T0 + 10 * MIN),
    );
    expect(res.samples).toHaveLength(1);
    expect(res.events).toHaveLength(1);
  });

  it('keeps only distinct rows when two collectors share the database', async () => {
    const { first, again } = await db.open();
    const status = createFakeStatus();
    const a = (await backend(first, status)).b;
    const b = (await backend(again(), status)).b;
    for (let i = 0; i < 5; i++) {
      status.set(billing, {
        autoscalers: [
          hpa('billing-agent', {
            current: 2 + i,
            desired: 2 + i,
            min: 2,
            max: 10,
          }),
        ],
        events: Array.from({ length: i + 1 }, (_, k) =>
          rescale(T0 + k * MIN, 2 + k),
        ),
      });
      a.clock.t = b.clock.t = T0 + i * MIN;
      await Promise.all([
        a.collector.collect([billing]),
        b.collector.collect([billing]),
      ]);
    }
    const res = await a.history.query(
      billing,
      new Date(T0 - MIN),
      new Date(T0 + 10 * MIN),
    );
    expect(res.samples.map(s => s.current)).toEqual([2, 3, 4, 5, 6]);
    expect(res.events.map(e => e.to)).toEqual([2, 3, 4, 5, 6]);
  });

  it('deletes rows older than the retention', async () => {
    const { first } = await db.open();
    const { b, status } = await backend(first);
    status.set(billing, {
      autoscalers: [
        hpa('billing-agent', { current: 2, desired: 2, min: 2, max: 10 }),
      ],
      events: [rescale(T0, 2)],
    });
    await b.collector.collect([billing]);
    b.clock.t = T0 + 29 * 24 * 60 * MIN;
    status.set(billing, {
      autoscalers: [
        hpa('billing-agent', { current: 5, desired: 5, min: 2, max: 10 }),
      ],
      events: [rescale(b.clock.t, 5)],
    });
    await b.collector.collect([billing]);
    b.clock.t = T0 + 31 * 24 * 60 * MIN;
    expect(await b.collector.cleanup()).toBe(2);
    const res = await b.history.query(
      billing,
      new Date(T0 - MIN),
      new Date(b.clock.t),
    );
    expect(res.samples.map(s => s.current)).toEqual([5]);
    expect(res.events.map(e => e.to)).toEqual([5]);
  });

  it('merges a busy 30-day window per time bucket in SQL, keeping the peaks', async () => {
    const { first } = await db.open();
    const { b } = await backend(first);
    const ref = 'agent:default/billing-agent';
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      entity_ref: ref,
      cluster: 'sandbox-eu',
      namespace: 'ai-agents',
      autoscaler: 'HorizontalPodAutoscaler/billing-agent',
      seq: i + 1,
      at: T0 + i * 8 * MIN,
      current: i === 2500 ? 42 : 2 + (i % 5),
      desired: i === 2500 ? 42 : 2 + (i % 5),
      min: 2,
      max: 50,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await first('agents_replica_samples').insert(rows.slice(i, i + 500));
    }
    const res = await b.history.query(
      billing,
      new Date(T0),
      new Date(T0 + 30 * 24 * 60 * MIN),
    );
    expect(res.samples.length).toBeGreaterThan(MAX_SAMPLE_POINTS / 2);
    expect(res.samples.length).toBeLessThanOrEqual(MAX_SAMPLE_POINTS + 1);
    expect(Math.max(...res.samples.map(s => s.current))).toBe(42);
    expect(res.samples.every(s => s.min === 2 && s.max === 50)).toBe(true);
    const times = res.samples.map(s => Date.parse(s.at));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('filters by window and starts with the last sample before it', async () => {
    const { first } = await db.open();
    const { b, status } = await backend(first);
    const other = agentEntity('code-review-agent');
    status.set(other, {
      autoscalers: [
        hpa('code-review-agent', { current: 2, desired: 2, min: 2, max: 6 }),
      ],
    });
    for (let i = 0; i < 6; i++) {
      b.clock.t = T0 + i * 30 * MIN;
      status.set(billing, {
        autoscalers: [
          hpa('billing-agent', {
            current: 2 + i,
            desired: 2 + i,
            min: 2,
            max: 10,
          }),
        ],
        events: [rescale(b.clock.t, 2 + i)],
      });
      await b.collector.collect([billing, other]);
    }
    // Window 60..120 min: samples at 60, 90, 120 and the edge at 30.
    const res = await b.history.query(
      billing,
      new Date(T0 + 45 * MIN),
      new Date(T0 + 120 * MIN),
    );
    expect(res.samples.map(s => s.current)).toEqual([3, 4, 5, 6]);
    expect(res.events.map(e => e.to)).toEqual([4, 5, 6]);
    expect(
      res.samples.every(s => s.autoscaler.endsWith('/billing-agent')),
    ).toBe(true);
  });
});
