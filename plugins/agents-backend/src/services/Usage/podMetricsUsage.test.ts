import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { startPostgres, TestPostgres } from '@agentdeck/test-utils';
import { agentEntity, createFakeStatus } from '../../__testUtils__/fakeStatus';
import {
  sandboxPodProxy,
  sandboxPods,
} from '../../__testUtils__/sandboxClient';
import { sqliteClient } from '../../__testUtils__/sqlite';
import { migrateAgentsDatabase } from '../ScalingHistory/migrations';
import { createPodMetricsSampler } from './createPodMetricsSampler';
import { createPodMetricsStore } from './podMetricsStore';
import { createPodMetricsUsageReader } from './createPodMetricsUsageReader';
import { parseExposition } from './exposition';
import { extractCounters } from './podCounters';
import { createUsageService } from './createUsageService';
import { PodProxy } from '../types';

jest.setTimeout(60_000);

const billing = agentEntity(
  'billing-agent',
  {},
  { 'backstage.io/kubernetes-namespace': 'ai-agents' },
);
const MODEL = 'openai/gpt-4o-mini';
const prices = [
  { model: 'gpt-4o-mini', inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
];

describe.each(['SQLite', 'PostgreSQL 15'])(
  'usage sampled from pods /metrics on %s',
  dbName => {
    let sandbox: SandboxCluster;
    let pg: TestPostgres | undefined;
    let knex: Knex;

    beforeAll(async () => {
      sandbox = await startSandboxCluster({
        name: 'sandbox-eu',
        scenario: 'small',
        timeScale: 0,
      });
      sandbox.sim.advance(30);
      if (dbName === 'SQLite') {
        knex = sqliteClient();
      } else {
        pg = await startPostgres();
        knex = await pg.createDatabase('usage');
      }
      await migrateAgentsDatabase(knex);
    });

    afterAll(async () => {
      if (!pg) await knex?.destroy();
      await pg?.stop();
      await sandbox?.stop();
    });

    it('stores increments and counts a restarted container from zero', async () => {
      const proxy = sandboxPodProxy(sandbox);
      const status = createFakeStatus();
      const store = createPodMetricsStore(knex);
      const now = () => sandbox.sim.now().getTime();
      const sampler = createPodMetricsSampler({
        store,
        status: status.service,
        podProxy: proxy,
        logger: mockServices.logger.mock(),
        settings: { port: 8000, path: '/metrics', sampleIntervalSeconds: 15 },
        now,
      });
      const reader = createPodMetricsUsageReader(store);
      // Raw counters straight from each pod, to check what the sampler stored.
      const raw = async () => {
        const pods = await sandboxPods(sandbox, 'ai-agents', 'billing-agent');
        status.set(billing, { pods });
        const out = new Map<string, number>();
        for (const p of pods) {
          const res = await proxy.get({
            cluster: 'sandbox-eu',
            namespace: 'ai-agents',
            pod: p.name,
            port: 8000,
            path: '/metrics',
            timeoutMs: 5000,
            maxBytes: 1e6,
          });
          if (res.status !== 200) continue;
          out.set(
            p.name,
            extractCounters(parseExposition(res.body)).get(
              `tokens|${MODEL}|input`,
            ) ?? 0,
          );
        }
        return out;
      };
      const inputBetween = async (from: number, to: number) =>
        (await reader.total(billing, from, to)).find(m => m.model === MODEL)
          ?.inputTokens ?? 0;

      const before = await raw();
      expect(before.size).toBeGreaterThan(0);
      const t1 = now();
      // A pod whose container is down answers 503 through the proxy: reported, not fatal.
      // At 30 s the crash-looping summarizer waits out its back-off.
      const [down] = await sandboxPods(
        sandbox,
        'ai-agents',
        'summarizer-agent',
      );
      status.set(billing, {
        pods: [
          ...(await sandboxPods(sandbox, 'ai-agents', 'billing-agent')),
          down!,
        ],
      });
      const first = await sampler.sample([billing]);
      expect(first.pods).toBe(before.size);
      expect(first.errors).toEqual([
        `agent:default/billing-agent pod sandbox-eu/${
          down!.name
        }: /metrics answered 503`,
      ]);
      // 30 s into the scenario every pod is new: all it counted so far is counted.
      const firstInc = [...before.values()].reduce((n, v) => n + v, 0);
      expect(await inputBetween(t1 - 1, t1)).toBe(firstInc);

      sandbox.sim.advance(20);
      const mid = await raw();
      const t2 = now();
      await sampler.sample([billing]);
      let expected = 0;
      for (const [pod, v] of mid) expected += v - (before.get(pod) ?? v);
      expect(expected).toBeGreaterThan(0);
      expect(await inputBetween(t1, t2)).toBe(expected);

      // The scenario OOM-kills a billing pod: its counters restart from zero.
      // Step until that happened, checking every stored increment on the way.
      const lastSeen = new Map(mid);
      let resets = 0;
      let total = expected;
      let tPrev = t2;
      for (let i = 0; i < 60 && resets === 0; i++) {
        sandbox.sim.advance(5);
        const cur = await raw();
        const created = new Map(
          (await sandboxPods(sandbox, 'ai-agents', 'billing-agent')).map(p => [
            p.name,
            p.createdAt,
          ]),
        );
        const t = now();
        await sampler.sample([billing]);
        let inc = 0;
        for (const [pod, v] of cur) {
          const prev = lastSeen.get(pod);
          if (prev !== undefined && v < prev) resets += 1;
          const born = Date.parse(created.get(pod) ?? '');
          if (prev !== undefined) inc += v >= prev ? v - prev : v;
          else if (t - born <= 30_000) inc += v;
          lastSeen.set(pod, v);
        }
        expect(await inputBetween(tPrev, t)).toBe(inc);
        total += inc;
        tPrev = t;
      }
      expect(resets).toBeGreaterThan(0);
      const t3 = tPrev;
      const expectedAfter = total - expected;

      const usage = await createUsageService({
        reader,
        prices,
        now: () => t3,
      }).getUsage(billing, '24h');
      expect(usage.source).toEqual({ kind: 'pod-metrics' });
      const m = usage.models.find(x => x.model === MODEL);
      // The sandbox exposes llm_cost_dollars_total, so cost comes from the metric.
      expect(m?.costSource).toBe('metric');
      expect(m?.inputTokens).toBe(firstInc + expected + expectedAfter);
      expect(usage.series.reduce((n, p) => n + p.inputTokens, 0)).toBe(
        firstInc + expected + expectedAfter,
      );
    });

    it('does not double count when two samplers share the database', async () => {
      const proxy = sandboxPodProxy(sandbox);
      const status = createFakeStatus();
      const pods = await sandboxPods(sandbox, 'ai-agents', 'billing-agent');
      const other = agentEntity(
        'billing-agent',
        {},
        { 'backstage.io/kubernetes-namespace': 'ai-agents' },
      );
      other.metadata.namespace = 'twin';
      status.set(other, { pods });
      const now = () => sandbox.sim.now().getTime();
      // Holds every answer until all samplers of a round have one, so they all
      // read the database before any writes: only the compare-and-set keeps them apart.
      let round: { size: number; waiting: Array<() => void> } = {
        size: 0,
        waiting: [],
      };
      const together: PodProxy = {
        async get(req) {
          const res = await proxy.get(req);
          const r = round;
          await new Promise<void>(resolve => {
            r.waiting.push(resolve);
            if (r.waiting.length >= r.size) r.waiting.forEach(go => go());
          });
          return res;
        },
      };
      const make = () =>
        createPodMetricsSampler({
          store: createPodMetricsStore(knex),
          status: status.service,
          podProxy: together,
          logger: mockServices.logger.mock(),
          settings: { port: 8000, path: '/metrics', sampleIntervalSeconds: 15 },
          now,
        });
      const inputs = async () => {
        const out = new Map<string, number>();
        for (const p of pods) {
          const res = await proxy.get({
            cluster: 'sandbox-eu',
            namespace: 'ai-agents',
            pod: p.name,
            port: 8000,
            path: '/metrics',
            timeoutMs: 5000,
            maxBytes: 1e6,
          });
          out.set(
            p.name,
            extractCounters(parseExposition(res.body)).get(
              `tokens|${MODEL}|input`,
            ) ?? 0,
          );
        }
        return out;
      };
      const [a, b] = [make(), make()];
      const before = await inputs();
      round = { size: 2 * pods.length, waiting: [] };
      await Promise.all([a.sample([other]), b.sample([other])]);
      const t1 = now();
      sandbox.sim.advance(10);
      const after = await inputs();
      round = { size: 3 * pods.length, waiting: [] };
      await Promise.all([
        a.sample([other]),
        b.sample([other]),
        a.sample([other]),
      ]);
      let expected = 0;
      for (const [pod, v] of after) expected += v - (before.get(pod) ?? v);
      expect(expected).toBeGreaterThan(0);
      const single = createPodMetricsStore(knex);
      const total = (
        await single.totals('agent:twin/billing-agent', t1, now())
      ).find(m => m.model === MODEL);
      // each increment once: two or three samplers counting it would double or triple this
      expect(total?.inputTokens).toBe(expected);
      const counters = await knex('agents_usage_counters').where({
        entity_ref: 'agent:twin/billing-agent',
        series: `tokens|${MODEL}|input`,
      });
      expect(
        counters.reduce(
          (n: number, r: { value: number | string }) => n + Number(r.value),
          0,
        ),
      ).toBe([...after.values()].reduce((n, v) => n + v, 0));
    });
  },
);
