import { screen, within } from '@testing-library/react';
import { GroupAgentsCard } from './GroupAgentsCard';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { overview } from '../../__testUtils__/fixtures';

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
});
