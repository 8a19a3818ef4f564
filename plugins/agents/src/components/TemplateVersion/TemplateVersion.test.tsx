import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentTemplateResponse } from '@agentdeck/plugin-agents-common';
import { AgentContent } from '../AgentContent';
import { AgentsPage } from '../AgentsPage';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { agentEntity, overview } from '../../__testUtils__/fixtures';

const behind: AgentTemplateResponse = {
  template: {
    template: 'template:default/agent-http-api',
    title: 'HTTP API agent',
    version: 1,
    current: 3,
    behind: true,
    changes: [
      { version: 3, text: 'Readiness probe timeout raised to 5 s.' },
      { version: 2, text: 'PDB added.' },
    ],
  },
};

describe('the Agent tab', () => {
  it('says which template and version created the agent, the current version and what changed since', async () => {
    const api = fakeAgentsApi({
      getTemplate: jest.fn().mockResolvedValue(behind),
    });
    renderWithApi(<AgentContent />, { api, entity: agentEntity() });
    const line = await screen.findByTestId('agent-template');
    expect(line).toHaveTextContent(
      'Created from HTTP API agent v1; current v3',
    );
    expect(
      within(line)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['v3: Readiness probe timeout raised to 5 s.', 'v2: PDB added.']);
    expect(api.getTemplate).toHaveBeenCalledWith({
      namespace: 'default',
      name: agentEntity().metadata.name,
    });
  });

  it("offers Propose update: the template's form filled with the recorded inputs, run as an update", async () => {
    const inputs = {
      name: 'faq-agent',
      repoUrl: 'github.com?owner=acme&repo=faq-agent',
      checks: ['llm_api'],
      minReplicas: 1,
    };
    const api = fakeAgentsApi({
      getTemplate: jest.fn().mockResolvedValue({
        template: { ...behind.template!, inputs },
      }),
    });
    renderWithApi(<AgentContent />, { api, entity: agentEntity() });
    const button = await screen.findByRole('link', {
      name: 'Propose update to v3',
    });
    const href = new URL(button.getAttribute('href')!, 'http://app');
    expect(href.pathname).toBe('/create/templates/default/agent-http-api');
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      ...inputs,
      agentdeckUpdate: true,
    });
  });

  it('says what Propose update needs when the repository records no inputs', async () => {
    const api = fakeAgentsApi({
      getTemplate: jest.fn().mockResolvedValue(behind),
    });
    renderWithApi(<AgentContent />, { api, entity: agentEntity() });
    await screen.findByText(/must be readable and record its inputs/);
    expect(screen.queryByRole('link', { name: /Propose update/ })).toBeNull();
  });

  it('says the agent is current without a changelog, and nothing when no template is recorded', async () => {
    const current = {
      template: { ...behind.template!, version: 3, behind: false, changes: [] },
    };
    const api = fakeAgentsApi({
      getTemplate: jest.fn().mockResolvedValue(current),
    });
    const { unmount } = await renderWithApi(<AgentContent />, {
      api,
      entity: agentEntity(),
    });
    const line = await screen.findByTestId('agent-template');
    expect(line).toHaveTextContent('Created from HTTP API agent v3 (current)');
    expect(within(line).queryAllByRole('listitem')).toEqual([]);
    unmount();

    const none = fakeAgentsApi();
    renderWithApi(<AgentContent />, { api: none, entity: agentEntity() });
    expect(await screen.findByText('Agent health')).toBeInTheDocument();
    await waitFor(() => expect(none.getTemplate).toHaveBeenCalled());
    expect(screen.queryByTestId('agent-template')).toBeNull();
  });
});

describe('the Agents page', () => {
  const names = () =>
    screen
      .getAllByRole('table')
      .find(t => within(t).queryByText('Agent'))!
      .querySelectorAll('tbody tr');

  it('keeps only the agents whose template has a newer version when asked', async () => {
    const [first, second, ...rest] = overview.agents;
    const withTemplates = {
      ...overview,
      agents: [
        {
          ...first,
          template: {
            name: 'template:default/agent-http-api',
            version: 1,
            current: 3,
            behind: true,
          },
        },
        {
          ...second,
          template: {
            name: 'template:default/agent-queue-worker',
            version: 2,
            current: 2,
            behind: false,
          },
        },
        ...rest,
      ],
    };
    const api = fakeAgentsApi({
      getOverview: jest.fn().mockResolvedValue(withTemplates),
    });
    renderWithApi(<AgentsPage />, { api });
    const chip = await screen.findByTestId('template-behind-filter');
    expect(chip).toHaveTextContent('Template update available (1)');
    expect(names()).toHaveLength(overview.agents.length);

    await userEvent.click(chip);
    await waitFor(() => expect(names()).toHaveLength(1));
    expect(names()[0]).toHaveTextContent(first.name);

    await userEvent.click(screen.getByTestId('template-behind-filter'));
    await waitFor(() => expect(names()).toHaveLength(overview.agents.length));
  });

  it('shows no template filter while no agent is behind', async () => {
    renderWithApi(<AgentsPage />, { api: fakeAgentsApi() });
    expect(await screen.findByText('Totals per owner')).toBeInTheDocument();
    expect(screen.queryByTestId('template-behind-filter')).toBeNull();
  });
});
