import { screen, within } from '@testing-library/react';
import { AgentA2ACard } from './AgentA2ACard';
import { AgentContent } from '../AgentContent';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { agentCard, agentEntity } from '../../__testUtils__/fixtures';

const entity = agentEntity('support-triage-agent');
const withCard = (response: ReturnType<typeof agentCard>) =>
  fakeAgentsApi({ getCard: jest.fn().mockResolvedValue(response) });

describe('AgentA2ACard', () => {
  it("shows the card's version, interfaces, modes and skills, and warns where it and the catalog disagree", async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentA2ACard />, { api, entity });
    expect(await screen.findByText('Agent card (A2A)')).toBeInTheDocument();
    expect(screen.getByLabelText('version')).toHaveTextContent('version 1.5.0');
    expect(
      screen.getByText(
        'The card and the catalog disagree on the version: the card says "1.5.0", the catalog "1.4.2".',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Read from pod support-triage-agent-7c9d8f6b5-abcde in prod-eu .+ ago, rollout 7c9d8f6b5; read again at the next rollout\.$/,
      ),
    ).toBeInTheDocument();
    const interfaces = screen.getByRole('list', { name: 'interfaces' });
    expect(interfaces).toHaveTextContent(
      'http://support-triage-agent.support-agents.svc.cluster.local/agent/run AgentDeck /agent/run 1.0',
    );
    expect(
      screen.getByText(
        'Input: text/plain, application/json; output: text/plain',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Streaming: no; push notifications: no'),
    ).toBeInTheDocument();
    const skills = screen.getByRole('list', { name: 'skills' });
    expect(within(skills).getAllByRole('listitem')).toHaveLength(2);
    const classify = within(skills).getByRole('listitem', {
      name: 'Classify tickets',
    });
    expect(classify).toHaveTextContent(
      'Classify tickets: Assigns a queue and a priority to a new ticket',
    );
    expect(within(classify).getByText('triage')).toBeInTheDocument();
    expect(classify).toHaveTextContent(
      'e.g. "My dashboard has been blank since this morning"',
    );
    expect(api.getCard).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'support-triage-agent',
    });
  });

  it('warns once per field that disagrees', async () => {
    renderWithApi(<AgentA2ACard />, {
      api: withCard(
        agentCard({
          mismatches: [
            { field: 'name', catalog: 'Support triage', card: 'triage-bot' },
            { field: 'description', catalog: 'Old text', card: 'New text' },
          ],
        }),
      ),
      entity,
    });
    const warnings = await screen.findByLabelText('card and catalog disagree');
    expect(within(warnings).getAllByRole('alert')).toHaveLength(2);
    expect(warnings).toHaveTextContent(
      'disagree on the name: the card says "triage-bot", the catalog "Support triage".',
    );
    expect(warnings).toHaveTextContent(
      'disagree on the description: the card says "New text", the catalog "Old text".',
    );
  });

  it('shows no warning when card and catalog agree', async () => {
    renderWithApi(<AgentA2ACard />, {
      api: withCard(agentCard({ mismatches: [] })),
      entity,
    });
    expect(await screen.findByLabelText('version')).toBeInTheDocument();
    expect(
      screen.queryByLabelText('card and catalog disagree'),
    ).not.toBeInTheDocument();
  });

  it('says when the card is still being read', async () => {
    renderWithApi(<AgentA2ACard />, {
      api: withCard({
        entityRef: 'agent:default/support-triage-agent',
        state: 'pending',
        mismatches: [],
      }),
      entity,
    });
    expect(
      await screen.findByText("Reading the agent's card from its pod…"),
    ).toBeInTheDocument();
  });

  it('says why the card could not be read', async () => {
    renderWithApi(<AgentA2ACard />, {
      api: withCard({
        ...agentCard({ mismatches: [] }),
        card: undefined,
        state: 'failed',
        error: 'HTTP 404, no card served: {"detail":"Not Found"}',
      }),
      entity,
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The agent\'s card could not be read from pod support-triage-agent-7c9d8f6b5-abcde in prod-eu: HTTP 404, no card served: {"detail":"Not Found"}.',
    );
    expect(screen.queryByRole('list', { name: 'skills' })).toBeNull();
  });

  it('says the agent is not running when no card was ever read', async () => {
    renderWithApi(<AgentA2ACard />, {
      api: withCard({
        entityRef: 'agent:default/support-triage-agent',
        state: 'not-running',
        mismatches: [],
      }),
      entity,
    });
    expect(
      await screen.findByText(
        'The agent is not running: no ready pod to read its card from.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the last card an agent that is not running served, saying so', async () => {
    renderWithApi(<AgentA2ACard />, {
      api: withCard(agentCard({ state: 'not-running' })),
      entity,
    });
    expect(
      await screen.findByText(
        'The agent is not running now; this is the card it last served.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'skills' })).toBeInTheDocument();
  });

  it('shows what the agent wrote as text, never as markup or a link, and says what the card lacked', async () => {
    const base = agentCard({ mismatches: [] });
    // a link an agent could slip in, were its URLs links
    const scriptUrl = ['javascript', 'alert(1)'].join(':');
    renderWithApi(<AgentA2ACard />, {
      api: withCard({
        ...base,
        card: {
          ...base.card!,
          supportedInterfaces: [
            {
              url: scriptUrl,
              protocolBinding: '<img src=x onerror=alert(1)>',
              protocolVersion: '1.0',
            },
          ],
          skills: [
            {
              id: 'x',
              name: '<b>bold</b>',
              description: '',
              tags: [],
              examples: [],
            },
          ],
          problems: ['version is missing', '30 more skills not shown'],
        },
      }),
      entity,
    });
    expect(
      await screen.findByText(
        'The card is incomplete: version is missing; 30 more skills not shown.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(scriptUrl).tagName).toBe('CODE');
    expect(screen.getByText('<b>bold</b>')).toBeInTheDocument();
    expect(document.querySelector('a[href^="javascript"]')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('the Agent tab', () => {
  it('shows the A2A card with the health, readiness, scaling and usage cards', async () => {
    renderWithApi(<AgentContent />, { api: fakeAgentsApi(), entity });
    expect(await screen.findByText('Agent card (A2A)')).toBeInTheDocument();
    expect(await screen.findByLabelText('version')).toHaveTextContent(
      'version 1.5.0',
    );
  });
});
