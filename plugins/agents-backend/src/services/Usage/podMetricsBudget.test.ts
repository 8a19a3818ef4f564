import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { PodStatus } from '@agentdeck/plugin-agents-common';
import { agentEntity, createFakeStatus } from '../../__testUtils__/fakeStatus';
import { sqliteClient } from '../../__testUtils__/sqlite';
import { migrateAgentsDatabase } from '../ScalingHistory/migrations';
import { PodProxy, PodProxyRequest } from '../types';
import { createPodMetricsSampler } from './createPodMetricsSampler';
import { createPodMetricsStore } from './podMetricsStore';
import { createPodMetricsUsageReader } from './createPodMetricsUsageReader';
import { createUsageService } from './createUsageService';

const T0 = Date.parse('2026-03-10T12:00:00Z');
const PAGE = 'llm_tokens_total{model="gpt-4o",direction="input"} 10\n';
const agents = ['alpha-agent', 'beta-agent', 'gamma-agent'].map(n =>
  agentEntity(n),
);

describe('pod-metrics sampling within the request budget', () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = sqliteClient();
    await migrateAgentsDatabase(knex);
  });
  afterAll(() => knex.destroy());

  const setup = (
    podProxy: PodProxy,
    viewed: ReadonlySet<string> = new Set(),
  ) => {
    let now = T0;
    const status = createFakeStatus();
    for (const a of agents) {
      const pod = {
        name: `${a.metadata.name}-1`,
        namespace: 'ai-agents',
        createdAt: new Date(T0 - 86400_000).toISOString(),
      } as PodStatus;
      status.set(a, { pods: [pod] });
    }
    const store = createPodMetricsStore(knex);
    const sampler = createPodMetricsSampler({
      store,
      status: status.service,
      podProxy,
      logger: mockServices.logger.mock(),
      settings: { port: 8000, path: '/metrics', sampleIntervalSeconds: 60 },
      viewed: { has: ref => viewed.has(ref) },
      now: () => now,
    });
    const usage = createUsageService({
      reader: createPodMetricsUsageReader(store, sampler.coverage),
      prices: [],
      now: () => now,
    });
    return { sampler, usage, at: (t: number) => (now = t) };
  };

  it('says when the pods were last sampled, and keeps saying so through a pass that reached none', async () => {
    let fail = false;
    const { sampler, usage, at } = setup({
      async get() {
        if (fail) throw new Error('no answer within 3000 ms');
        return { status: 200, body: PAGE };
      },
    });
    await sampler.sample(agents);
    expect((await usage.getUsage(agents[0], '24h')).sampledAt).toBe(
      new Date(T0).toISOString(),
    );
    at(T0 + 60_000);
    fail = true;
    await sampler.sample(agents);
    const answer = await usage.getUsage(agents[0], '24h');
    expect(answer.sampledAt).toBe(new Date(T0).toISOString());
    expect(answer.to).toBe(new Date(T0 + 60_000).toISOString());
  });

  it('asks for viewed agents first, at their priority in their own lane, then the longest unsampled; an aborted pass stops between agents', async () => {
    const calls: PodProxyRequest[] = [];
    const abort = new AbortController();
    const { sampler, at } = setup(
      {
        async get(req) {
          calls.push(req);
          if (calls.length === 2) abort.abort();
          return { status: 200, body: PAGE };
        },
      },
      new Set(['agent:default/gamma-agent']),
    );
    const result = await sampler.sample(agents, abort.signal);
    expect(result.pods).toBe(2);
    expect(
      calls.map(c => [c.pod, c.schedule?.priority, c.schedule?.lane]),
    ).toEqual([
      ['gamma-agent-1', 'viewed', 'agent:default/gamma-agent'],
      ['alpha-agent-1', 'background', 'agent:default/alpha-agent'],
    ]);
    // beta was cut off: it goes first among the unviewed next time
    at(T0 + 60_000);
    calls.length = 0;
    await sampler.sample(agents);
    expect(calls.map(c => c.pod)).toEqual([
      'gamma-agent-1',
      'beta-agent-1',
      'alpha-agent-1',
    ]);
  });
});
