import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentsPage } from './AgentsPage';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { overview } from '../../__testUtils__/fixtures';

function agentsTable(): HTMLElement {
  const table = screen
    .getAllByRole('table')
    .find(t => within(t).queryByText('Agent'));
  if (!table) throw new Error('agents table not found');
  return table;
}

function agentNames(): string[] {
  return within(agentsTable())
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).queryAllByRole('link')[0]?.textContent ?? '')
    .filter(Boolean);
}

function costHeader(): HTMLElement {
  return within(
    within(agentsTable()).getByRole('columnheader', { name: 'Cost 24h' }),
  ).getAllByRole('button')[0];
}

function totalsRows(): Array<string | null> {
  return within(screen.getByRole('table', { name: 'totals per owner' }))
    .getAllByRole('row')
    .map(r => r.textContent);
}

async function choose(filter: string, option: string) {
  const select = screen.getByLabelText(filter);
  await userEvent.click(select);
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('AgentsPage', () => {
  it('lists every agent with a state chip linking to its Agent tab', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentsPage />, { api });
    expect(await screen.findByText('Agents (3)')).toBeInTheDocument();
    expect(agentNames()).toEqual([
      'billing-agent',
      'invoice-reconciler',
      'support-triage-agent',
    ]);
    const chip = screen.getByText('degraded');
    expect(chip.closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/agent/support-triage-agent/agent',
    );
    expect(
      screen.getByText('3 pods unready: vector_store'),
    ).toBeInTheDocument();
    expect(api.getOverview).toHaveBeenCalledWith({});
  });

  it('shows system and type under the name, replicas as ready/desired, and searches by system', async () => {
    renderWithApi(<AgentsPage />, { api: fakeAgentsApi() });
    await screen.findByText('Agents (3)');
    const table = agentsTable();
    const row = within(table)
      .getAllByRole('row')
      .find(r => within(r).queryByText('support-triage-agent'));
    if (!row) throw new Error('no row of support-triage-agent');
    expect(within(row).getByText('customer-support · api')).toBeInTheDocument();
    expect(
      within(table).getByRole('columnheader', { name: 'Ready / desired' }),
    ).toBeInTheDocument();
    expect(within(row).getByText('0/3')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox'), 'customer-support');
    await waitFor(() => expect(agentNames()).toEqual(['support-triage-agent']));
  });

  it('filters by owner and by state', async () => {
    renderWithApi(<AgentsPage />, { api: fakeAgentsApi() });
    await screen.findByText('Agents (3)');
    await choose('owner', 'billing-team');
    expect(agentNames()).toEqual(['billing-agent', 'invoice-reconciler']);
    await choose('owner', 'all');
    await choose('state', 'degraded');
    expect(agentNames()).toEqual(['support-triage-agent']);
    await choose('state', 'all');
    await choose('type', 'worker');
    expect(agentNames()).toEqual(['invoice-reconciler']);
  });

  it('sorts by cost', async () => {
    renderWithApi(<AgentsPage />, { api: fakeAgentsApi() });
    await screen.findByText('Agents (3)');
    await userEvent.click(costHeader());
    await waitFor(() =>
      expect(agentNames()).toEqual([
        'invoice-reconciler',
        'billing-agent',
        'support-triage-agent',
      ]),
    );
    await userEvent.click(costHeader());
    await waitFor(() =>
      expect(agentNames()).toEqual([
        'support-triage-agent',
        'billing-agent',
        'invoice-reconciler',
      ]),
    );
  });

  it('totals per owner, following the filters', async () => {
    renderWithApi(<AgentsPage />, { api: fakeAgentsApi() });
    await screen.findByRole('table', { name: 'totals per owner' });
    const rows = totalsRows();
    expect(rows).toContain('support-team11 degraded0/31.2M / 300k$6.00');
    expect(rows).toContain('billing-team22 healthy6/62.1M / 520k$1.75');
    expect(rows).toContain(
      'All owners31 degraded, 2 healthy6/93.3M / 820k$7.75',
    );
    // api agents only: billing-team keeps billing-agent and drops invoice-reconciler
    await choose('type', 'api');
    expect(totalsRows()).toEqual([
      rows[0],
      'support-team11 degraded0/31.2M / 300k$6.00',
      'billing-team11 healthy4/42M / 500k$1.50',
      'All owners21 degraded, 1 healthy4/73.2M / 800k$7.50',
    ]);
    await choose('type', 'all');
    await choose('system', 'payments');
    expect(totalsRows()).toEqual([
      rows[0],
      'billing-team22 healthy6/62.1M / 520k$1.75',
    ]);
  });

  it("says how many agents' readiness is behind its target", async () => {
    const api = fakeAgentsApi({
      getOverview: jest
        .fn()
        .mockResolvedValue({ ...overview, readinessBehind: 2 }),
    });
    renderWithApi(<AgentsPage />, { api });
    expect(
      await screen.findByText(
        /^Readiness is behind its target for 2 of 3 agents: an unready pod's checks were not fetched again within twice their interval/,
      ),
    ).toBeInTheDocument();
  });

  it('leaves the readiness line out while every agent is within its target', async () => {
    const api = fakeAgentsApi({
      getOverview: jest
        .fn()
        .mockResolvedValue({ ...overview, readinessBehind: 0 }),
    });
    renderWithApi(<AgentsPage />, { api });
    await screen.findByText('Agents (3)');
    expect(screen.queryByText(/Readiness is behind/)).not.toBeInTheDocument();
  });

  it('shows the error when the overview fails', async () => {
    const api = fakeAgentsApi({
      getOverview: jest.fn().mockRejectedValue(new Error('backend exploded')),
    });
    renderWithApi(<AgentsPage />, { api });
    expect(
      (await screen.findAllByText(/backend exploded/)).length,
    ).toBeGreaterThan(0);
  });
});
