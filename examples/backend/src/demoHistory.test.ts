import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import agentsPlugin from '@agentdeck/plugin-agents-backend';
import type {
  ScalingHistoryResponse,
  UsageResponse,
} from '@agentdeck/plugin-agents-common';
import { startPostgres, TestPostgres } from '@agentdeck/test-utils';
import request from 'supertest';
import {
  DemoCluster,
  demoHistoryModule,
  pastSpan,
  recordDemoPast,
} from './demoHistory';

jest.setTimeout(300_000);

/** A catalog entity, as the catalog mock takes them. */
type Entity = NonNullable<
  NonNullable<Parameters<typeof catalogServiceMock>[0]>['entities']
>[number];

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const CLUSTERS: DemoCluster[] = [
  { name: 'sandbox-eu', scenario: 'demo-eu' },
  { name: 'sandbox-us', scenario: 'demo-us' },
];

/** The demo catalog's agents, as examples/catalog/agents.yaml registers them. */
function exampleAgents(): Entity[] {
  const file = resolve(__dirname, '../../catalog/agents.yaml');
  const out: Entity[] = [];
  for (const r of parseEntityYaml(readFileSync(file), {
    type: 'file',
    target: file,
  })) {
    if (r.type !== 'entity') throw new Error(`${file}: ${r.type}`);
    out.push({
      ...r.entity,
      metadata: { namespace: 'default', ...r.entity.metadata },
    });
  }
  return out;
}

const budgetOf = (e: Entity) =>
  (e.spec as { budget?: { monthlyUsd?: number } }).budget?.monthlyUsd;

type Db = { name: string; knex: () => Promise<any>; stop: () => Promise<void> };

function sqlite(): Db {
  const dbs = TestDatabases.create({ ids: ['SQLITE_3'] });
  return {
    name: 'SQLite',
    knex: () => dbs.init('SQLITE_3'),
    stop: async () => {},
  };
}

function postgres(): Db {
  let pg: TestPostgres | undefined;
  return {
    name: 'PostgreSQL 15',
    async knex() {
      pg ??= await startPostgres();
      return pg.createDatabase('agents');
    },
    stop: async () => pg?.stop(),
  };
}

describe.each([sqlite(), postgres()])('the demo backend on $name', (db: Db) => {
  afterAll(() => db.stop());

  it("starts with the sandbox fleet's past week, written once", async () => {
    const knex = await db.knex();
    const entities = exampleAgents();
    const start = () =>
      startTestBackend({
        features: [
          agentsPlugin,
          demoHistoryModule,
          catalogServiceMock.factory({ entities }),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              kubernetes: {
                clusterLocatorMethods: [{ type: 'config', clusters: [] }],
              },
              agentdeckDemo: { history: { clusters: CLUSTERS } },
            },
          }),
        ],
      });
    const read = async (server: any) => {
      const now = Date.now();
      const get = (agent: string, path: string) =>
        request(server)
          .get(`/api/agents/entities/default/${agent}${path}`)
          .set('Authorization', mockCredentials.user.header());
      const scaling = await get(
        'billing-agent',
        `/scaling?from=${new Date(now - 7 * DAY).toISOString()}&to=${new Date(
          now,
        ).toISOString()}`,
      );
      expect(scaling.status).toBe(200);
      const usage = await get('billing-agent', '/usage?window=7d');
      expect(usage.status).toBe(200);
      const over = await get('support-triage-agent', '/usage?window=24h');
      return {
        history: scaling.body as ScalingHistoryResponse,
        usage: usage.body as UsageResponse,
        over: over.body as UsageResponse,
      };
    };

    const first = await start();
    let seen: Awaited<ReturnType<typeof read>>;
    try {
      seen = await read(first.server);
    } finally {
      await first.stop();
    }
    const { history, usage, over } = seen;
    // billing-agent runs in both clusters, each HPA a series over the whole week
    const clusters = new Set(history.samples.map(s => s.cluster));
    expect([...clusters].sort()).toEqual(['sandbox-eu', 'sandbox-us']);
    for (const cluster of clusters) {
      const times = history.samples
        .filter(s => s.cluster === cluster)
        .map(s => Date.parse(s.at));
      expect(Math.min(...times)).toBeLessThan(Date.now() - 7 * DAY);
      expect(Math.max(...times)).toBeGreaterThan(Date.now() - 2 * HOUR);
    }
    expect(history.samples[0]).toMatchObject({
      namespace: 'ai-agents',
      autoscaler: 'HorizontalPodAutoscaler/billing-agent',
      min: 2,
      max: 10,
    });
    expect(history.events.length).toBeGreaterThan(7 * 2);
    expect(history.events[1]).toMatchObject({
      object: 'HorizontalPodAutoscaler/billing-agent',
      reason: 'SuccessfulRescale',
      from: expect.any(Number),
      to: expect.any(Number),
    });
    // a week of spend in 6-hour steps, each with some
    expect(usage.series.length).toBe(28);
    expect(usage.series.filter(p => p.costUsd > 0).length).toBeGreaterThan(26);
    expect(usage.models.map(m => m.model)).toEqual(['openai/gpt-4o-mini']);
    expect(usage.totals.costUsd).toBeGreaterThan(7 * 2);
    expect(usage.totals.costUsd).toBeLessThan(7 * 30);
    expect(usage.budget?.monthlyUsd).toBe(500);
    expect(over.budget?.burnRatio).toBeGreaterThan(1);

    // a second start finds the history there and adds nothing
    const second = await start();
    try {
      const again = await read(second.server);
      expect(again.history.samples.length).toBe(history.samples.length);
      expect(again.history.events.length).toBe(history.events.length);
      expect(again.usage.totals.inputTokens).toBe(usage.totals.inputTokens);
    } finally {
      await second.stop();
    }
  });
});

describe("the demo catalog's budgets against the fleet's spend", () => {
  it('has one agent close to its budget and one over', async () => {
    // mid-month: the projection reads 19.5 days of the month
    const now = Date.parse('2026-06-20T12:00:00Z');
    expect(pastSpan(now)).toBe(19.5 * DAY + HOUR);
    const past = await recordDemoPast(CLUSTERS, now);
    const burn = new Map<string, number>();
    for (const e of exampleAgents()) {
      const budget = budgetOf(e);
      if (!budget) continue;
      const spent = (past.get(`agent:default/${e.metadata.name}`)?.usage ?? [])
        .filter(u => Date.parse(u.at) > Date.parse('2026-06-01T00:00:00Z'))
        .reduce((sum, u) => sum + (u.costUsd ?? 0), 0);
      const projected = (spent * 30) / 19.5;
      burn.set(e.metadata.name, projected / budget);
    }
    const over = [...burn].filter(([, r]) => r > 1);
    const close = [...burn].filter(([, r]) => r >= 0.85 && r <= 1);
    expect(over.map(([name]) => name)).toEqual(['support-triage-agent']);
    expect(over[0][1]).toBeLessThan(1.5);
    expect(close.map(([name]) => name)).toEqual(['invoice-reconciler']);
    // the others well under, every agent with a budget spending something
    for (const [name, r] of burn) {
      if (name === 'support-triage-agent' || name === 'invoice-reconciler')
        continue;
      expect(r).toBeLessThan(0.8);
      expect(r).toBeGreaterThan(0.1);
    }
  });
});
