import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { PodStatus } from '@agentdeck/plugin-agents-common';
import { agentEntity, createFakeStatus } from '../../__testUtils__/fakeStatus';
import { sqliteClient } from '../../__testUtils__/sqlite';
import { migrateAgentsDatabase } from '../ScalingHistory/migrations';
import { createPodMetricsSampler } from './createPodMetricsSampler';
import { createPodMetricsStore } from './podMetricsStore';
import { createPodMetricsUsageReader } from './createPodMetricsUsageReader';
import { createUsageService } from './createUsageService';
import { PodProxy } from '../types';

const billing = agentEntity('billing-agent', { budget: { monthlyUsd: 500 } });
const T0 = Date.parse('2026-03-10T12:00:00Z');
const FORBIDDEN =
  'pods "billing-agent-1" is forbidden: User "system:serviceaccount:agentdeck:agentdeck-reader" cannot get resource "pods/proxy" in API group "" in the namespace "ai-agents"';

describe('usage when no pod could be sampled', () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = sqliteClient();
    await migrateAgentsDatabase(knex);
  });
  afterAll(() => knex.destroy());

  const setup = (podProxy: PodProxy) => {
    const logger = mockServices.logger.mock();
    const status = createFakeStatus();
    const pods = ['billing-agent-1', 'billing-agent-2'].map(
      name =>
        ({
          name,
          namespace: 'ai-agents',
          createdAt: new Date(T0 - 86400_000).toISOString(),
        } as PodStatus),
    );
    status.set(billing, { pods });
    const store = createPodMetricsStore(knex);
    const sampler = createPodMetricsSampler({
      store,
      status: status.service,
      podProxy,
      logger,
      settings: { port: 8000, path: '/metrics', sampleIntervalSeconds: 15 },
      now: () => T0,
    });
    const usage = createUsageService({
      reader: createPodMetricsUsageReader(store, sampler.coverage),
      prices: [],
      now: () => T0,
    });
    return { sampler, usage, logger };
  };

  it('is unknown with the reason, not zero tokens and zero budget spent, and warns once', async () => {
    const { sampler, usage, logger } = setup({
      get: async () => {
        throw new Error(FORBIDDEN);
      },
    });
    await sampler.sample([billing]);
    await sampler.sample([billing]);
    const answer = await usage.getUsage(billing, '24h');
    expect(answer.unknown).toBe(
      `no pod of this agent could be sampled (2 tried): pod ${'sandbox-eu'}/billing-agent-1: ${FORBIDDEN}`,
    );
    expect(answer.budget).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /^Usage of agent:default\/billing-agent is unknown: none of its 2 pods could be sampled/,
    );
  });

  it('is known (zero) when the pods answered and nothing was spent', async () => {
    const { sampler, usage } = setup({
      get: async () => ({ status: 200, body: '# no LLM calls yet\n' }),
    });
    await sampler.sample([billing]);
    const answer = await usage.getUsage(billing, '24h');
    expect(answer.unknown).toBeUndefined();
    expect(answer.totals).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    });
    expect(answer.budget?.spentThisMonthUsd).toBe(0);
  });
});
