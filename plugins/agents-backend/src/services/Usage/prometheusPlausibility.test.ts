import { agentEntity } from '../../__testUtils__/fakeStatus';
import { stubUsage, StubSeries } from '../../__testUtils__/stubPrometheus';

const ns = { 'backstage.io/kubernetes-namespace': 'ai-agents' };
const billing = agentEntity(
  'billing-agent',
  { budget: { monthlyUsd: 100 } },
  ns,
);
const pod = (name: string) => ({
  namespace: 'ai-agents',
  pod: `billing-agent-5d8f9c-${name}`,
});
const tokens = (p: string, direction: string, value: string): StubSeries => ({
  metric: { ...pod(p), model: 'gpt-4o-mini', direction },
  value,
});
const cost = (p: string, value: string): StubSeries => ({
  metric: { ...pod(p), model: 'gpt-4o-mini' },
  value,
});

const limits = {
  maxTokensPerPodPerMinute: 1000,
  maxCostUsdPerPodPerMinute: 0.1,
};

describe('usage from Prometheus with values no counter can have', () => {
  it('leaves out pods whose increase is not a number, negative or beyond the ceilings', async () => {
    const res = await stubUsage(
      billing,
      {
        tokens: [
          tokens('ok', 'input', '1000'),
          tokens('ok', 'output', '250'),
          tokens('nan', 'input', 'NaN'),
          tokens('inf', 'input', '+Inf'),
          tokens('neg', 'input', '-5'),
          // beyond 1000 a minute over 24 h, though within it over the month's 14 days
          tokens('many', 'input', '1500000'),
        ],
        cost: [cost('ok', '1.5'), cost('rich', '1e12')],
      },
      Date.parse('2026-02-15T00:00:00Z'),
      limits,
    );
    expect(res.totals).toEqual({
      inputTokens: 1000,
      outputTokens: 250,
      costUsd: 1.5,
    });
    expect(res.budget?.spentThisMonthUsd).toBe(15);
    expect(
      res.rejected
        ?.map(r => [r.pod.replace('billing-agent-5d8f9c-', ''), r.cause])
        .sort(),
    ).toEqual([
      ['inf', 'non-finite'],
      ['many', 'implausible'],
      ['nan', 'non-finite'],
      ['neg', 'implausible'],
      ['rich', 'implausible'],
    ]);
    expect(
      res.rejected?.every(
        r => r.namespace === 'ai-agents' && r.at === '2026-02-15T00:00:00.000Z',
      ),
    ).toBe(true);
  });
});
