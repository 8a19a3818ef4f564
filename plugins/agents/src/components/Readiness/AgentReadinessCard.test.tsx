import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentReadinessCard } from './AgentReadinessCard';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import {
  agentEntity,
  degradedStatus,
  NOW,
  status,
} from '../../__testUtils__/fixtures';

describe('AgentReadinessCard', () => {
  it('shows why pods are unready and the failing check per pod', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(degradedStatus),
    });
    renderWithApi(<AgentReadinessCard />, { api, entity: agentEntity() });
    expect(await screen.findByTestId('readiness-summary')).toHaveTextContent(
      '3 pods unready because vector_store is down.',
    );
    for (const name of ['llm_api', 'vector_store', 'database', 'Load']) {
      expect(screen.getByRole('columnheader', { name })).toBeInTheDocument();
    }
    expect(screen.getAllByText('3/8')).toHaveLength(3);
    expect(screen.getAllByLabelText('llm_api ok')).toHaveLength(3);
    expect(
      screen.getByRole('button', { name: 'vector_store failing on sta-2' }),
    ).toBeInTheDocument();
  });

  it('reveals the failure text on click, as text and never as markup', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(degradedStatus),
    });
    const { container } = renderWithApi(<AgentReadinessCard />, {
      api,
      entity: agentEntity(),
    });
    const button = await screen.findByRole('button', {
      name: 'vector_store failing on sta-1',
    });
    await userEvent.click(button);
    expect(
      screen.getAllByText('error: connection refused <script>alert(1)</script>')
        .length,
    ).toBeGreaterThan(0);
    expect(container.querySelector('script')).toBeNull();
    expect(document.querySelector('script')).toBeNull();
  });

  it('says all pods are ready when they are', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentReadinessCard />, { api, entity: agentEntity() });
    expect(await screen.findByTestId('readiness-summary')).toHaveTextContent(
      'All 3 pods ready.',
    );
    expect(screen.queryByRole('button', { name: /failing/ })).toBeNull();
  });

  it("tells each pod's breakdown age against the answer's time", async () => {
    const base = status();
    const ago = (s: number) =>
      new Date(Date.parse(NOW) - s * 1000).toISOString();
    const pods = base.clusters[0].pods.map((p, i) => ({
      ...p,
      readiness:
        i === 2
          ? undefined
          : { ...p.readiness!, fetchedAt: ago(i === 0 ? 40 : 360) },
    }));
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue({
        ...base,
        clusters: [{ ...base.clusters[0], pods }],
      }),
    });
    renderWithApi(<AgentReadinessCard />, { api, entity: agentEntity() });
    const row = async (pod: string) =>
      (await screen.findByText(pod)).closest('tr')!;
    expect(await row('sta-1')).toHaveTextContent('checked 40 s ago');
    expect(await row('sta-2')).toHaveTextContent('checked 6 min ago');
    expect(await row('sta-3')).not.toHaveTextContent('checked');
  });
});
