import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { PodStatus } from '@agentdeck/plugin-agents-common';
import { agentEntity, createFakeStatus } from '../../__testUtils__/fakeStatus';
import { sqliteClient } from '../../__testUtils__/sqlite';
import { migrateAgentsDatabase } from '../ScalingHistory/migrations';
import { createPodMetricsSampler } from './createPodMetricsSampler';
import { createPodMetricsStore } from './podMetricsStore';
import { createPodMetricsUsageReader } from './createPodMetricsUsageReader';
import { PodProxy } from '../types';

const billing = agentEntity('billing-agent');
const HOUR = 3600_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

describe('pod-metrics sampler after a long idle spell', () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = sqliteClient();
    await migrateAgentsDatabase(knex);
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it('keeps an unchanged counter of a live pod, so the next tokens still count', async () => {
    let clock = T0;
    let inputTokens = 1000;
    const podProxy: PodProxy = {
      get: async () => ({
        status: 200,
        body: `# TYPE llm_tokens_total counter\nllm_tokens_total{model="gpt-4o-mini",direction="input"} ${inputTokens}\n`,
      }),
    };
    const pod = {
      name: 'billing-agent-5d8f9c7b4-x2k4q',
      namespace: 'ai-agents',
      createdAt: new Date(T0 - 48 * HOUR).toISOString(),
    } as PodStatus;
    const status = createFakeStatus();
    status.set(billing, { pods: [pod] });
    const store = createPodMetricsStore(knex);
    const sampler = createPodMetricsSampler({
      store,
      status: status.service,
      podProxy,
      logger: mockServices.logger.mock(),
      settings: { port: 8000, path: '/metrics', sampleIntervalSeconds: 15 },
      now: () => clock,
    });

    // an old pod: its first reading is a baseline
    expect((await sampler.sample([billing])).errors).toEqual([]);
    // idle for a day and more, sampled hourly, with housekeeping running
    for (let h = 1; h <= 25; h++) {
      clock = T0 + h * HOUR;
      await sampler.sample([billing]);
      await sampler.cleanup(30);
    }
    inputTokens += 250;
    clock += HOUR;
    await sampler.sample([billing]);

    const totals = await createPodMetricsUsageReader(store).total(
      billing,
      T0,
      clock,
    );
    expect(totals.find(m => m.model === 'gpt-4o-mini')?.inputTokens).toBe(250);
  });
});
