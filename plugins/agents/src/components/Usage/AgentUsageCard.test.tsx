import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentUsageCard } from './AgentUsageCard';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { agentEntity, NOW, usage } from '../../__testUtils__/fixtures';

const entity = agentEntity('support-triage-agent', {
  budget: { monthlyUsd: 500 },
});

describe('AgentUsageCard', () => {
  it('shows tokens and cost per model, the trend and the source', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentUsageCard />, { api, entity });
    const table = await screen.findByRole('table', { name: 'usage per model' });
    expect(within(table).getByText('openai/gpt-4o')).toBeInTheDocument();
    expect(within(table).getByText('1.2M')).toBeInTheDocument();
    expect(within(table).getByText('300k')).toBeInTheDocument();
    expect(within(table).getByText('$6.00 (price table)')).toBeInTheDocument();
    const chart = screen.getByRole('figure', { name: 'token usage over time' });
    expect(within(chart).getByText('tokens in')).toBeInTheDocument();
    expect(within(chart).getByText('18:00')).toBeInTheDocument();
    expect(within(chart).getByText('Times in UTC.')).toBeInTheDocument();
    expect(
      screen.getByText(
        'from Prometheus, llm_tokens_total; prices: openai/gpt-4o $2.50 in / $10.00 out per 1M tokens',
      ),
    ).toBeInTheDocument();
    expect(api.getUsage).toHaveBeenCalledWith(
      { namespace: 'default', name: 'support-triage-agent' },
      '24h',
    );
  });

  it("shows a point's tokens and cost when the chart is hovered", async () => {
    renderWithApi(<AgentUsageCard />, { api: fakeAgentsApi(), entity });
    const chart = await screen.findByRole('figure', {
      name: 'token usage over time',
    });
    expect(screen.queryByText('400k tokens in')).not.toBeInTheDocument();
    // jsdom measures nothing, so the chart is 600 px wide: its plot runs from
    // x=44 (after the y axis) to x=584 over the 24 h; midnight is at x=314
    const surface = chart.querySelector('.recharts-wrapper');
    if (!surface) throw new Error('no chart surface');
    fireEvent.mouseMove(surface, { clientX: 314, clientY: 100 });
    expect(await screen.findByText('400k tokens in')).toBeInTheDocument();
    expect(screen.getByText('100k tokens out')).toBeInTheDocument();
    expect(screen.getByText('$2.00')).toBeInTheDocument();
    expect(screen.getByText('00:00 UTC')).toBeInTheDocument();
  });

  it('starts the chart where the data begins and says how much of the window it covers', async () => {
    const api = fakeAgentsApi({
      getUsage: jest
        .fn()
        .mockResolvedValue(usage({ dataFrom: '2025-05-31T20:00:00.000Z' })),
    });
    renderWithApi(<AgentUsageCard />, { api, entity });
    const chart = await screen.findByRole('figure', {
      name: 'token usage over time',
    });
    expect(
      within(chart).getByText(
        'no data before 05-31 20:00 UTC: the figures cover 16 h of the 24 h window',
      ),
    ).toBeInTheDocument();
    expect(within(chart).queryByText('18:00')).not.toBeInTheDocument();
    expect(within(chart).getByText('21:00')).toBeInTheDocument();
  });

  it('says how long ago the pods were sampled', async () => {
    const sampledAt = new Date(
      Date.parse(NOW) - 6 * 60_000 - 20_000,
    ).toISOString();
    const api = fakeAgentsApi({
      getUsage: jest
        .fn()
        .mockResolvedValue(
          usage({ source: { kind: 'pod-metrics' }, sampledAt }),
        ),
    });
    renderWithApi(<AgentUsageCard />, { api, entity });
    expect(
      await screen.findByText(
        "from the pods' /metrics, sampled 6 min ago; prices: openai/gpt-4o $2.50 in / $10.00 out per 1M tokens",
      ),
    ).toBeInTheDocument();
  });

  it('shows the budget burn and warns when the projection is over budget', async () => {
    const api = fakeAgentsApi({
      getUsage: jest.fn().mockResolvedValue(
        usage({
          budget: {
            monthlyUsd: 500,
            spentThisMonthUsd: 120,
            projectedMonthUsd: 600,
            burnRatio: 1.2,
          },
        }),
      ),
    });
    renderWithApi(<AgentUsageCard />, { api, entity });
    expect(
      await screen.findByText(
        '$120.00 of $500.00 spent this month; projected $600.00 (120% of budget), over budget',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'budget spent' }),
    ).toHaveAttribute('aria-valuenow', '24');
  });

  it('says the totals are incomplete and why when pods were left out', async () => {
    const rejected = Array.from({ length: 7 }, (_, i) => ({
      cluster: 'sandbox-eu',
      namespace: 'support-agents',
      pod: `support-triage-agent-${i}`,
      cause: i === 0 ? ('implausible' as const) : ('too-many-series' as const),
      at: '2026-11-30T08:00:00Z',
    }));
    const api = fakeAgentsApi({
      getUsage: jest.fn().mockResolvedValue(usage({ rejected })),
    });
    renderWithApi(<AgentUsageCard />, { api, entity });
    expect(
      await screen.findByText(/Usage is incomplete: 7 pods left out/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByText(/Usage is incomplete: 7 pods left out/),
    );
    expect(
      screen.getByText(
        'sandbox-eu/support-triage-agent-0: a counter grew implausibly fast',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'sandbox-eu/support-triage-agent-1: it exports too many series',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('and 2 more')).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'usage per model' }),
    ).toBeInTheDocument();
  });

  it('says usage is unknown, with the reason, when no pod could be sampled', async () => {
    const reason =
      'no pod of this agent could be sampled (2 tried): pod sandbox-eu/x: forbidden';
    const api = fakeAgentsApi({
      getUsage: jest.fn().mockResolvedValue(
        usage({
          models: [],
          totals: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
          series: [],
          budget: undefined,
          unknown: reason,
        }),
      ),
    });
    renderWithApi(<AgentUsageCard />, { api, entity });
    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(
      screen.queryByText('No LLM calls in this window.'),
    ).not.toBeInTheDocument();
  });

  it('shows the usage error inline and keeps the rest', async () => {
    const api = fakeAgentsApi({
      getUsage: jest.fn().mockResolvedValue(
        usage({
          error:
            'Prometheus at http://127.0.0.1:9090 did not answer: ECONNREFUSED',
          models: [],
          series: [],
        }),
      ),
    });
    renderWithApi(<AgentUsageCard />, { api, entity });
    expect(
      await screen.findByText(/Usage could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/did not answer: ECONNREFUSED/),
    ).toBeInTheDocument();
    expect(screen.getByText(/^from Prometheus/)).toBeInTheDocument();
    expect(screen.queryByText('No LLM calls in this window.')).toBeNull();
  });

  it('switches the window', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentUsageCard />, { api, entity });
    await screen.findByRole('table', { name: 'usage per model' });
    await userEvent.click(screen.getByRole('button', { name: '30d' }));
    await waitFor(() =>
      expect(api.getUsage).toHaveBeenLastCalledWith(expect.anything(), '30d'),
    );
  });
});
