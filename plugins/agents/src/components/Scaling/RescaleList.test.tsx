import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentScalingCard } from './AgentScalingCard';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { agentEntity, scalingHistory } from '../../__testUtils__/fixtures';

// a week of daily waves: far more rescales than a list under the charts can show
const week = Array.from({ length: 25 }, (_, i) => ({
  ...scalingHistory.events[0],
  at: new Date(Date.parse('2025-06-01T06:30:00.000Z') + i * 6e5).toISOString(),
  from: 2 + (i % 3),
  to: 3 + (i % 3),
  message: `New size: ${3 + (i % 3)}; reason: wave ${i}`,
}));

describe('the rescales listed under the replica charts', () => {
  it('lists the newest ten, and all of them when asked', async () => {
    const api = fakeAgentsApi({
      getScalingHistory: jest
        .fn()
        .mockResolvedValue({ ...scalingHistory, events: week }),
    });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    const list = await screen.findByRole('list', { name: 'rescale events' });
    const items = () => within(list).getAllByRole('listitem');
    expect(items()).toHaveLength(10);
    expect(items()[0]).toHaveTextContent('reason: wave 24');
    expect(items()[9]).toHaveTextContent('reason: wave 15');

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 25 rescales' }),
    );
    expect(items()).toHaveLength(25);
    expect(items()[24]).toHaveTextContent('reason: wave 0');

    await userEvent.click(
      screen.getByRole('button', { name: 'Show the newest 10 rescales' }),
    );
    expect(items()).toHaveLength(10);
  });

  it('offers no button when all fit', async () => {
    renderWithApi(<AgentScalingCard />, {
      api: fakeAgentsApi(),
      entity: agentEntity(),
    });
    const list = await screen.findByRole('list', { name: 'rescale events' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(
      screen.queryByRole('button', { name: /rescales$/ }),
    ).not.toBeInTheDocument();
  });
});
