import { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { agentEntity } from '../../__testUtils__/fakeStatus';
import { migrateAgentsDatabase } from '../ScalingHistory';
import { AgentHealthFacts } from '../AgentStatus/healthFacts';
import { BudgetBurn } from './budgetBurn';
import { createAgentNotifier } from './createAgentNotifier';
import { createNoticeStore } from './noticeStore';
import { NotificationSettings } from './types';
import { testDatabases } from '../../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const MIN = 60_000;
const T0 = Date.parse('2025-06-10T12:00:00Z');
const SETTINGS: NotificationSettings = {
  enabled: true,
  intervalSeconds: 60,
  budgetThresholds: [50, 80, 100],
  projectedOverrun: true,
  downMinutes: 10,
  scalingLimitedMinutes: 30,
};
const healthy: AgentHealthFacts = { complete: true, limitedAtMax: [] };
const crashLooping: AgentHealthFacts = {
  complete: true,
  down: { notReady: 1, pods: 1, crashLooping: 1 },
  limitedAtMax: [],
};
const atMax: AgentHealthFacts = {
  complete: true,
  limitedAtMax: [
    {
      cluster: 'sandbox-us',
      namespace: 'ai',
      name: 'billing-agent',
      kind: 'HorizontalPodAutoscaler',
      maxReplicas: 10,
    },
  ],
};

const billing = agentEntity('billing-agent', {
  owner: 'billing-team',
  budget: { monthlyUsd: 100 },
});

/** The world one notifier sees: a clock, spend and health per agent, and what it sent. */
function world() {
  const clock = { t: T0 };
  const spend = new Map<string, number>();
  const health = new Map<string, AgentHealthFacts>();
  const sent: NotificationSendOptions[] = [];
  const failing = { send: false };
  const unknownOwners = new Set<string>();
  const month = () => new Date(clock.t).toISOString().slice(0, 7);
  return {
    clock,
    sent,
    failing,
    unknownOwners,
    setSpend: (e: Entity, usd: number) => spend.set(stringifyEntityRef(e), usd),
    setHealth: (e: Entity, f: AgentHealthFacts) =>
      health.set(stringifyEntityRef(e), f),
    /** One backend: its own knex client on the shared database, as after a restart. */
    async backend(knex: Knex, settings: Partial<NotificationSettings> = {}) {
      await migrateAgentsDatabase(knex);
      return createAgentNotifier({
        store: createNoticeStore(knex),
        notifications: {
          async send(options) {
            if (failing.send)
              throw new Error('notifications backend unavailable');
            sent.push(options);
          },
        },
        healthFacts: e => health.get(stringifyEntityRef(e)) ?? healthy,
        async budgetBurn(e): Promise<BudgetBurn | undefined> {
          const spent = spend.get(stringifyEntityRef(e));
          if (spent === undefined) return undefined;
          // day 10 of a 30-day month: projections are three times the spend
          return {
            month: month(),
            monthlyUsd: 100,
            spentThisMonthUsd: spent,
            projectedMonthUsd: spent * 3,
          };
        },
        settings: { ...SETTINGS, ...settings },
        logger: mockServices.logger.mock(),
        ownerKnown: async ref => !unknownOwners.has(ref),
        now: () => clock.t,
      });
    },
  };
}

const titles = (sent: NotificationSendOptions[]) =>
  sent.map(s => s.payload.title);

describe.each(testDatabases())('notifications on $name', db => {
  beforeAll(() => db.setup(), 60_000);
  afterAll(() => db.teardown(), 60_000);

  it('passes each budget threshold once per month, and not again after a restart', async () => {
    const { first, again } = await db.open();
    const w = world();
    const one = await w.backend(first, { projectedOverrun: false });
    for (const [usd, expected] of [
      [10, []],
      [55, ['billing-agent has used 50 % of its monthly budget']],
      [60, []],
      [85, ['billing-agent has used 80 % of its monthly budget']],
      [90, []],
      [101, ['billing-agent has used 100 % of its monthly budget']],
      [150, []],
    ] as const) {
      w.setSpend(billing, usd);
      const before = w.sent.length;
      await one.run([billing]);
      expect(titles(w.sent.slice(before))).toEqual(expected);
    }
    expect(w.sent.map(s => s.payload.severity)).toEqual([
      'normal',
      'high',
      'critical',
    ]);
    expect(w.sent[2]).toEqual({
      recipients: { type: 'entity', entityRef: 'group:default/billing-team' },
      payload: {
        title: 'billing-agent has used 100 % of its monthly budget',
        description:
          '$101.00 of $100.00 spent in 2025-06; at this rate the month ends at $303.00.',
        severity: 'critical',
        topic: 'Agent budget',
        link: '/catalog/default/agent/billing-agent/agent',
        scope: 'agents:agent:default/billing-agent:budget:2025-06:100',
      },
    });

    const restarted = await w.backend(again(), { projectedOverrun: false });
    await restarted.run([billing]);
    expect(w.sent).toHaveLength(3);

    w.clock.t = Date.parse('2025-07-02T00:00:00Z');
    w.setSpend(billing, 51);
    await restarted.run([billing]);
    expect(titles(w.sent.slice(3))).toEqual([
      'billing-agent has used 50 % of its monthly budget',
    ]);
  });

  it('says only the highest of thresholds passed at once, and a projected overrun once a month', async () => {
    const { first, again } = await db.open();
    const w = world();
    const one = await w.backend(first);
    w.setSpend(billing, 20); // projected 60: within budget
    await one.run([billing]);
    expect(w.sent).toEqual([]);
    w.setSpend(billing, 85); // 80 % and 50 % at once, projected 255
    await one.run([billing]);
    expect(titles(w.sent)).toEqual([
      'billing-agent has used 80 % of its monthly budget',
      'billing-agent is on course to overrun its monthly budget',
    ]);
    expect(w.sent[1].payload.description).toBe(
      'Projected $255.00 for 2025-06 against a budget of $100.00 ($85.00 spent so far).',
    );
    await (await w.backend(again())).run([billing]);
    await one.run([billing]);
    expect(w.sent).toHaveLength(2);
  });

  it('tells a health incident once after its delay, and its recovery once', async () => {
    const { first, again } = await db.open();
    const w = world();
    const one = await w.backend(first);
    w.setHealth(billing, crashLooping);
    await one.run([billing]);
    w.clock.t += 9 * MIN;
    await one.run([billing]);
    expect(w.sent).toEqual([]);
    w.clock.t += 2 * MIN;
    await one.run([billing]);
    expect(w.sent.map(s => s.payload)).toEqual([
      expect.objectContaining({
        title: 'billing-agent is down',
        description:
          'For more than 10 minutes: 1 of 1 pods not ready, 1 in CrashLoopBackOff.',
        severity: 'critical',
        topic: 'Agent health',
        link: '/catalog/default/agent/billing-agent/agent',
      }),
    ]);

    const restarted = await w.backend(again());
    w.clock.t += 30 * MIN;
    await restarted.run([billing]);
    await one.run([billing]);
    expect(w.sent).toHaveLength(1);

    w.setHealth(billing, healthy);
    w.clock.t += MIN;
    await restarted.run([billing]);
    await one.run([billing]);
    expect(titles(w.sent)).toEqual([
      'billing-agent is down',
      'billing-agent is running again',
    ]);
    expect(w.sent[1].payload).toMatchObject({
      description:
        'It was down for about 42 minutes, since 2025-06-10 12:00 UTC.',
      severity: 'low',
    });

    // a new incident is a new notice
    w.setHealth(billing, crashLooping);
    await restarted.run([billing]);
    w.clock.t += 11 * MIN;
    await restarted.run([billing]);
    expect(titles(w.sent)).toHaveLength(3);
  });

  it('tells an autoscaler held at max after its own delay, and that it scales again', async () => {
    const { first } = await db.open();
    const w = world();
    const one = await w.backend(first);
    w.setHealth(billing, atMax);
    await one.run([billing]);
    w.clock.t += 29 * MIN;
    await one.run([billing]);
    expect(w.sent).toEqual([]);
    w.clock.t += 2 * MIN;
    await one.run([billing]);
    w.setHealth(billing, healthy);
    await one.run([billing]);
    expect(w.sent.map(s => [s.payload.title, s.payload.severity])).toEqual([
      ['billing-agent cannot scale up: its autoscaler is at maximum', 'high'],
      ['billing-agent scales freely again', 'low'],
    ]);
    expect(w.sent[0].payload.description).toContain(
      'HPA ai/billing-agent in sandbox-us at its maximum of 10',
    );
  });

  it('says nothing of an incident that cleared before its delay, nor while a cluster cannot answer', async () => {
    const { first } = await db.open();
    const w = world();
    const one = await w.backend(first);
    w.setHealth(billing, crashLooping);
    await one.run([billing]);
    w.clock.t += 5 * MIN;
    w.setHealth(billing, healthy);
    await one.run([billing]);
    w.setHealth(billing, crashLooping);
    w.clock.t += 6 * MIN;
    await one.run([billing]); // a new incident: 0 minutes old
    expect(w.sent).toEqual([]);

    w.clock.t += 11 * MIN;
    w.setHealth(billing, { ...healthy, complete: false });
    await one.run([billing]);
    expect(w.sent).toEqual([]);
    w.setHealth(billing, crashLooping);
    await one.run([billing]);
    expect(titles(w.sent)).toEqual(['billing-agent is down']);
    w.setHealth(billing, { ...healthy, complete: false });
    await one.run([billing]);
    expect(w.sent).toHaveLength(1);
  });

  it('honours agentdeck.io/notifications: off', async () => {
    const { first } = await db.open();
    const w = world();
    const one = await w.backend(first, { downMinutes: 0 });
    const quiet = agentEntity(
      'quiet-agent',
      { owner: 'billing-team', budget: { monthlyUsd: 100 } },
      { 'agentdeck.io/notifications': 'off' },
    );
    const told = agentEntity('told-agent', {
      owner: 'billing-team',
      budget: { monthlyUsd: 100 },
    });
    for (const e of [quiet, told]) {
      w.setSpend(e, 120);
      w.setHealth(e, crashLooping);
    }
    await one.run([quiet, told]);
    expect(titles(w.sent)).toEqual([
      'told-agent has used 100 % of its monthly budget',
      'told-agent is down',
    ]);
  });

  it('ends the incidents of agents that leave the catalog or opt out, without a follow-up', async () => {
    const { first } = await db.open();
    const w = world();
    const one = await w.backend(first, { downMinutes: 0 });
    const other = agentEntity('other-agent', { owner: 'billing-team' });
    w.setHealth(billing, crashLooping);
    w.setHealth(other, crashLooping);
    await one.run([billing, other]);
    expect(titles(w.sent)).toEqual([
      'billing-agent is down',
      'other-agent is down',
    ]);
    const optedOut = {
      ...billing,
      metadata: {
        ...billing.metadata,
        annotations: { 'agentdeck.io/notifications': 'off' },
      },
    };
    await one.run([optedOut]);
    w.setHealth(billing, healthy);
    w.setHealth(other, healthy);
    await one.run([billing, other]);
    expect(w.sent).toHaveLength(2);
  });

  it('waits until the catalog knows the owner, who would otherwise have no members to tell', async () => {
    const { first } = await db.open();
    const w = world();
    const one = await w.backend(first, { downMinutes: 0 });
    w.unknownOwners.add('group:default/billing-team');
    w.setHealth(billing, crashLooping);
    await one.run([billing]);
    expect(w.sent).toEqual([]);
    w.unknownOwners.clear();
    await one.run([billing]);
    expect(titles(w.sent)).toEqual(['billing-agent is down']);
  });

  it('sends a notice again on the next pass when sending failed', async () => {
    const { first } = await db.open();
    const w = world();
    const one = await w.backend(first, {
      downMinutes: 0,
      projectedOverrun: false,
    });
    w.setSpend(billing, 55);
    w.setHealth(billing, crashLooping);
    w.failing.send = true;
    expect((await one.run([billing])).errors).toHaveLength(2);
    w.failing.send = false;
    await one.run([billing]);
    await one.run([billing]);
    expect(titles(w.sent)).toEqual([
      'billing-agent has used 50 % of its monthly budget',
      'billing-agent is down',
    ]);
  });
});
