import { stringifyEntityRef } from '@backstage/catalog-model';
import { WorkloadStatus } from '@agentdeck/plugin-agents-common';
import { agentEntity, createFakeStatus } from '../../__testUtils__/fakeStatus';
import { UsageReader } from '../Usage/types';
import { createOverviewService } from './createOverviewService';
import { countReplicas } from '../AgentStatus/createAgentStatusService';
import { createUsageSummary } from './createUsageSummary';

const deployment = (ready: number, desired: number): WorkloadStatus => ({
  kind: 'Deployment',
  name: 'x',
  namespace: 'ai-agents',
  desired,
  updated: desired,
  ready,
  available: ready,
  conditions: [],
});

const billing = agentEntity('billing-agent', {
  owner: 'billing-team',
  system: 'payments',
});
const invoice = agentEntity('invoice-reconciler', {
  owner: 'group:default/billing-team',
});
const review = agentEntity('code-review-agent', {
  owner: 'group:default/ai-platform',
});
const prices = [
  { model: 'gpt-4o-mini', inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
];

function setup(fail = false) {
  const status = createFakeStatus();
  let summaryCalls = 0;
  const reader: UsageReader = {
    kind: 'prometheus',
    read: async () => ({ models: [], series: [] }),
    total: async () => [],
    async summary24h() {
      summaryCalls += 1;
      if (fail)
        throw new Error(
          'Prometheus at http://prom did not answer within 5000 ms',
        );
      return new Map([
        [
          stringifyEntityRef(billing),
          [
            {
              model: 'gpt-4o-mini',
              inputTokens: 1_000_000,
              outputTokens: 500_000,
            },
          ],
        ],
        [
          stringifyEntityRef(review),
          [
            {
              model: 'claude',
              inputTokens: 10,
              outputTokens: 20,
              costUsd: 0.25,
            },
          ],
        ],
      ]);
    },
  };
  const summary = createUsageSummary({
    reader,
    prices,
    listAgents: async () => [billing, invoice, review],
  });
  const overview = createOverviewService({ status: status.service, summary });
  return { status, summary, overview, calls: () => summaryCalls };
}

describe('overview', () => {
  it('rolls agents up per owner with 24 h usage from the summary only', async () => {
    const { summary, overview, calls } = setup();
    await summary.refresh();
    const res = await overview.getOverview([billing, invoice, review], {});
    await overview.getOverview([billing, invoice, review], {});
    expect(calls()).toBe(1);
    const b = res.agents.find(a => a.name === 'billing-agent');
    expect(b).toMatchObject({
      owner: 'group:default/billing-team',
      system: 'system:default/payments',
      tokens24h: { input: 1_000_000, output: 500_000 },
      cost24hUsd: 2,
    });
    expect(b?.usageError).toBeUndefined();
    expect(res.owners).toEqual([
      expect.objectContaining({
        owner: 'group:default/ai-platform',
        agents: 1,
        cost24hUsd: 0.25,
      }),
      expect.objectContaining({
        owner: 'group:default/billing-team',
        agents: 2,
        byState: { down: 0, degraded: 0, unknown: 0, healthy: 2 },
        tokens24h: { input: 1_000_000, output: 500_000 },
      }),
    ]);
  });

  it('counts replicas over clusters, ready as the pods say (as the state does)', () => {
    const pod = (name: string, ready: boolean, phase = 'Running') =>
      ({ name, namespace: 'ai-agents', phase, ready } as any);
    const base = { autoscalers: [] };
    expect(
      countReplicas([
        {
          ...base,
          cluster: 'sandbox-eu',
          // the Deployment's status lags: it still counts 2 ready, the pods say 1
          workloads: [deployment(2, 3)],
          pods: [pod('a', true), pod('b', false), pod('c', false)],
        },
        {
          ...base,
          cluster: 'sandbox-us',
          workloads: [deployment(1, 1)],
          // a finished pod that still reads ready is not a replica
          pods: [pod('d', true), pod('e', true, 'Succeeded')],
        },
      ]),
    ).toEqual({ readyPods: 2, desiredReplicas: 4 });
  });

  it("shows the model's replica counts and filters by owner and system", async () => {
    const { status, overview } = setup();
    const withWorkloads = createOverviewService({
      status: {
        ...status.service,
        getModel: e => ({
          ...status.service.getModel(e),
          readyPods: 2,
          desiredReplicas: 4,
        }),
      },
      summary: { refresh: async () => {}, get: () => ({}) },
    });
    const res = await withWorkloads.getOverview([billing], {});
    expect(res.agents[0]?.replicas).toEqual({ ready: 2, desired: 4 });
    const owned = await overview.getOverview([billing, invoice, review], {
      owner: 'group:billing-team',
    });
    expect(owned.agents.map(a => a.name)).toEqual([
      'billing-agent',
      'invoice-reconciler',
    ]);
    const sys = await overview.getOverview([billing, invoice, review], {
      system: 'payments',
    });
    expect(sys.agents.map(a => a.name)).toEqual(['billing-agent']);
  });

  it('says why usage is missing and keeps the statuses', async () => {
    const { summary, overview } = setup(true);
    const before = await overview.getOverview([billing], {});
    expect(before.agents[0]?.usageError).toBe(
      'Usage summary is not computed yet',
    );
    await summary.refresh();
    const res = await overview.getOverview([billing], {});
    expect(res.agents[0]).toMatchObject({
      state: 'healthy',
      usageError: 'Prometheus at http://prom did not answer within 5000 ms',
    });
  });
});
