import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentsPage } from './AgentsPage';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { overview } from '../../__testUtils__/fixtures';
import { overviewWithUnregistered } from '../../__testUtils__/unregistered';

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

function unregisteredTable(): HTMLElement {
  const table = screen
    .getAllByRole('table')
    .find(t => within(t).queryByText('Likely owner'));
  if (!table) throw new Error('unregistered agents table not found');
  return table;
}

function unregisteredRow(name: string): HTMLElement {
  const row = within(unregisteredTable())
    .getAllByRole('row')
    .find(r => within(r).queryByText(name));
  if (!row) throw new Error(`no row of ${name}`);
  return row;
}

function unregisteredNames(): string[] {
  return within(unregisteredTable())
    .getAllByRole('link', { name: /^Register / })
    .map(l => l.getAttribute('aria-label')?.replace('Register ', '') ?? '');
}

/** The path and the prefilled form of a Register link. */
function registration(name: string): {
  path: string;
  formData: unknown;
} {
  const href = screen
    .getByRole('link', { name: `Register ${name}` })
    .getAttribute('href');
  const url = new URL(href ?? '', 'http://localhost');
  return {
    path: url.pathname,
    formData: JSON.parse(url.searchParams.get('formData') ?? 'null'),
  };
}

const withUnregistered = () =>
  fakeAgentsApi({
    getOverview: jest.fn().mockResolvedValue(overviewWithUnregistered),
  });

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

  it('lists the unregistered agents: where they run, how they were found, their likely owner, state and cost', async () => {
    renderWithApi(<AgentsPage />, { api: withUnregistered() });
    expect(
      await screen.findByText('Unregistered agents (3)'),
    ).toBeInTheDocument();
    expect(unregisteredNames()).toEqual([
      'scratch-agent',
      'k8s-assistant',
      'paper-scout',
    ]);
    const scratch = unregisteredRow('scratch-agent');
    for (const text of [
      'Deployment · labelled agentdeck.io/agent',
      'sandbox-eu',
      'experiments',
      'unowned',
      'the namespace names no owner',
      'healthy',
      '1/1',
      '400k in / 100k out',
      '$0.12',
    ])
      expect(within(scratch).getByText(text)).toBeInTheDocument();
    const kagent = unregisteredRow('k8s-assistant');
    for (const text of [
      'kagent Agent · kagent',
      'billing-team',
      'from namespace annotation backstage.io/owner',
      'degraded',
      '1 pod not ready',
      '0/1',
      '$4.50',
    ])
      expect(within(kagent).getByText(text)).toBeInTheDocument();
    expect(
      within(unregisteredRow('paper-scout')).getByText(
        'from namespace label team',
      ),
    ).toBeInTheDocument();
    // not links to entity pages: they have none
    expect(
      within(scratch).queryByRole('link', { name: 'scratch-agent' }),
    ).not.toBeInTheDocument();
  });

  it('Register opens the register-agent template with the form prefilled', async () => {
    renderWithApi(<AgentsPage />, { api: withUnregistered() });
    await screen.findByText('Unregistered agents (3)');
    expect(registration('scratch-agent')).toEqual({
      path: '/create/templates/default/register-agent',
      formData: {
        name: 'scratch-agent',
        cluster: 'sandbox-eu',
        namespace: 'experiments',
        claimBy: 'label-selector',
        labelSelector: 'agentdeck.io/agent=scratch-agent',
        repoUrl: 'github.com?owner=experiments&repo=scratch-agent',
      },
    });
    expect(registration('k8s-assistant').formData).toMatchObject({
      owner: 'group:default/billing-team',
      claimBy: 'label-selector',
      labelSelector: 'app=kagent,kagent=k8s-assistant',
    });
    expect(registration('paper-scout').formData).toEqual({
      name: 'paper-scout',
      owner: 'group:default/research-team',
      cluster: 'sandbox-us',
      namespace: 'research-sandbox',
      claimBy: 'kubernetes-id',
      kubernetesId: 'paper-scout',
      repoUrl: 'github.com?owner=research-sandbox&repo=paper-scout',
    });
  });

  it('totals count unregistered agents under their likely owner, and those with none as unowned', async () => {
    renderWithApi(<AgentsPage />, { api: withUnregistered() });
    await screen.findByText('Unregistered agents (3)');
    const totals = screen.getByRole('table', { name: 'totals per owner' });
    expect(
      within(totals).getByRole('columnheader', { name: 'Unregistered' }),
    ).toBeInTheDocument();
    expect(totalsRows()).toEqual([
      'OwnerAgentsUnregisteredStatesReplicas readyTokens 24h in / outCost 24h',
      'research-team111 healthy2/23M / 600k$18.00',
      'billing-team311 degraded, 2 healthy6/73.1M / 720k$6.25',
      'support-team101 degraded0/31.2M / 300k$6.00',
      'unowned111 healthy1/1400k / 100k$0.12',
      'All owners632 degraded, 4 healthy9/137.7M / 1.7M$30.37',
    ]);
  });

  it('filters the unregistered agents by owner, "unowned" too, and by state', async () => {
    renderWithApi(<AgentsPage />, { api: withUnregistered() });
    await screen.findByText('Unregistered agents (3)');
    await choose('owner', 'unowned');
    expect(await screen.findByText('Agents (0)')).toBeInTheDocument();
    expect(screen.getByText('Unregistered agents (1)')).toBeInTheDocument();
    expect(unregisteredNames()).toEqual(['scratch-agent']);
    expect(totalsRows().slice(1)).toEqual([
      'unowned111 healthy1/1400k / 100k$0.12',
    ]);
    await choose('owner', 'billing-team');
    expect(agentNames()).toEqual(['billing-agent', 'invoice-reconciler']);
    expect(unregisteredNames()).toEqual(['k8s-assistant']);
    await choose('owner', 'all');
    await choose('state', 'degraded');
    expect(unregisteredNames()).toEqual(['k8s-assistant']);
    await choose('state', 'all');
    // they belong to no system and have no type
    await choose('system', 'payments');
    expect(screen.getByText('Unregistered agents (0)')).toBeInTheDocument();
  });

  it('says nothing of unregistered agents to a caller who may not see them', async () => {
    renderWithApi(<AgentsPage />, { api: fakeAgentsApi() });
    await screen.findByText('Agents (3)');
    expect(screen.queryByText(/unregistered/i)).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('owner'));
    expect(
      screen.queryByRole('option', { name: 'unowned' }),
    ).not.toBeInTheDocument();
  });

  it('says so when every running agent is registered', async () => {
    const api = fakeAgentsApi({
      getOverview: jest
        .fn()
        .mockResolvedValue({ ...overview, unregistered: [] }),
    });
    renderWithApi(<AgentsPage />, { api });
    expect(
      await screen.findByText(
        'No unregistered agents: every agent running in the clusters is in the catalog.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Unregistered agents/)).not.toBeInTheDocument();
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
