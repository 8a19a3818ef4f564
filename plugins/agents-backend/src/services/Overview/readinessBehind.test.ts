import { PodStatus } from '@agentdeck/plugin-agents-common';
import { agentEntity, createFakeStatus } from '../../__testUtils__/fakeStatus';
import { createOverviewService } from './createOverviewService';
import { UsageSummary } from './types';

const pod = (name: string): PodStatus => ({
  name,
  namespace: 'ai-agents',
  phase: 'Running',
  ready: false,
  restarts: 0,
  conditions: [],
});

describe('overview readiness freshness', () => {
  it('counts the agents with a pod whose readiness is behind its target', async () => {
    const status = createFakeStatus();
    const agents = ['a-agent', 'b-agent', 'c-agent'].map(n => agentEntity(n));
    agents.forEach(a =>
      status.set(a, {
        pods: [pod(`${a.metadata.name}-1`), pod(`${a.metadata.name}-2`)],
      }),
    );
    const late = new Set([
      'sandbox-eu/ai-agents/a-agent-2',
      'sandbox-eu/ai-agents/c-agent-1',
    ]);
    const summary: UsageSummary = { refresh: async () => {}, get: () => ({}) };
    const overview = createOverviewService({
      status: status.service,
      summary,
      readiness: { behind: (c, ns, p) => late.has(`${c}/${ns}/${p}`) },
    });
    expect((await overview.getOverview(agents, {})).readinessBehind).toBe(2);
    late.clear();
    expect((await overview.getOverview(agents, {})).readinessBehind).toBe(0);
  });
});
