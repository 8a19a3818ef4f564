import { screen, within } from '@testing-library/react';
import { GroupAgentsCard } from './GroupAgentsCard';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { overview } from '../../__testUtils__/fixtures';
import { unregisteredAgents } from '../../__testUtils__/unregistered';

const group = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'billing-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

describe('GroupAgentsCard', () => {
  it("asks for the group's agents and shows them with their totals", async () => {
    const billing = {
      ...overview,
      agents: overview.agents.filter(
        a => a.owner === 'group:default/billing-team',
      ),
    };
    const api = fakeAgentsApi({
      getOverview: jest.fn().mockResolvedValue(billing),
    });
    renderWithApi(<GroupAgentsCard />, { api, entity: group });
    const list = await screen.findByRole('table', {
      name: 'agents of this group',
    });
    expect(api.getOverview).toHaveBeenCalledWith({
      owner: 'group:default/billing-team',
    });
    expect(
      within(list).getByText('billing-agent').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/agent/billing-agent/agent');
    expect(within(list).getByText('invoice-reconciler')).toBeInTheDocument();
    const totals = screen.getByRole('table', { name: 'totals per owner' });
    expect(within(totals).getByText('$1.75')).toBeInTheDocument();
    expect(within(totals).getByText('2 healthy')).toBeInTheDocument();
  });

  it('says when the group owns no agents', async () => {
    const api = fakeAgentsApi({
      getOverview: jest
        .fn()
        .mockResolvedValue({ ...overview, agents: [], owners: [] }),
    });
    renderWithApi(<GroupAgentsCard />, { api, entity: group });
    expect(
      await screen.findByText('This group owns no agents.'),
    ).toBeInTheDocument();
  });

  const kagent = unregisteredAgents.filter(u => u.name === 'k8s-assistant');

  it('shows the unregistered agents in namespaces that name the group, each with Register', async () => {
    const api = fakeAgentsApi({
      getOverview: jest.fn().mockResolvedValue({
        ...overview,
        agents: overview.agents.filter(
          a => a.owner === 'group:default/billing-team',
        ),
        unregistered: kagent,
      }),
    });
    renderWithApi(<GroupAgentsCard />, { api, entity: group });
    const list = await screen.findByRole('table', {
      name: "unregistered agents in this group's namespaces",
    });
    expect(screen.getByText('Unregistered (1)')).toBeInTheDocument();
    expect(within(list).getByText('k8s-assistant')).toBeInTheDocument();
    expect(
      within(list).getByText(
        'sandbox-eu/kagent · namespace annotation backstage.io/owner',
      ),
    ).toBeInTheDocument();
    expect(within(list).getByText('0/1 ready')).toBeInTheDocument();
    expect(within(list).getByText('$4.50')).toBeInTheDocument();
    const register = within(list).getByRole('link', {
      name: 'Register k8s-assistant',
    });
    const url = new URL(register.getAttribute('href') ?? '', 'http://x');
    expect(url.pathname).toBe('/create/templates/default/register-agent');
    expect(JSON.parse(url.searchParams.get('formData') ?? '')).toMatchObject({
      name: 'k8s-assistant',
      owner: 'group:default/billing-team',
    });
    // the group's totals count it: 3 agents, 1 of them unregistered
    const totals = screen.getByRole('table', { name: 'totals per owner' });
    expect(
      within(totals)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'OwnerAgentsUnregisteredStatesReplicas readyTokens 24h in / outCost 24h',
      'billing-team311 degraded, 2 healthy6/73.1M / 720k$6.25',
    ]);
  });

  it('shows a group whose only agents are unregistered', async () => {
    const api = fakeAgentsApi({
      getOverview: jest.fn().mockResolvedValue({
        ...overview,
        agents: [],
        owners: [],
        unregistered: kagent,
      }),
    });
    renderWithApi(<GroupAgentsCard />, { api, entity: group });
    expect(await screen.findByText('Unregistered (1)')).toBeInTheDocument();
    expect(
      screen.queryByText('This group owns no agents.'),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'agents of this group' }),
    ).not.toBeInTheDocument();
  });

  it('leaves the unregistered part out for a viewer who may not see it', async () => {
    renderWithApi(<GroupAgentsCard />, { api: fakeAgentsApi(), entity: group });
    await screen.findByRole('table', { name: 'agents of this group' });
    expect(screen.queryByText(/unregistered/i)).not.toBeInTheDocument();
  });
});
