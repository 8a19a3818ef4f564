import { screen, waitFor, within } from '@testing-library/react';
import {
  AgentDriftResponse,
  EnvironmentDrift,
} from '@agentdeck/plugin-agents-common';
import { AgentContent } from '../AgentContent';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { agentEntity } from '../../__testUtils__/fixtures';

const source = 'https://github.com/acme/support-triage-agent/tree/main/';
const env = (extra: Partial<EnvironmentDrift> = {}): EnvironmentDrift => ({
  cluster: 'sandbox-eu',
  environment: 'production',
  namespace: 'ai-agents',
  overlay: 'deploy/overlays/production',
  differences: [],
  missing: [],
  notChecked: ['ConfigMap', 'Service'],
  ...extra,
});

const renderTab = (drift: AgentDriftResponse) => {
  const api = fakeAgentsApi({ getDrift: jest.fn().mockResolvedValue(drift) });
  renderWithApi(<AgentContent />, { api, entity: agentEntity() });
  return api;
};

describe('the Agent tab: Drift', () => {
  it('says the live objects match the overlay, and what is not checked', async () => {
    const api = renderTab({ source, environments: [env()] });
    const section = await screen.findByTestId('agent-drift');
    expect(section).toHaveTextContent(
      'Live objects match deploy/overlays/production in sandbox-eu (ai-agents)',
    );
    expect(section).toHaveTextContent(
      'Not checked (AgentDeck does not watch them): ConfigMap, Service',
    );
    expect(within(section).queryByRole('table')).toBeNull();
    expect(api.getDrift).toHaveBeenCalledWith({
      namespace: 'default',
      name: agentEntity().metadata.name,
    });
  });

  it('lists the fields that differ, env vars without values, and missing objects', async () => {
    renderTab({
      source,
      environments: [
        env({
          differences: [
            {
              kind: 'HorizontalPodAutoscaler',
              name: 'support-triage-agent',
              field: 'spec.maxReplicas',
              expected: '10',
              live: '12',
            },
            {
              kind: 'Deployment',
              name: 'support-triage-agent',
              field:
                'spec.template.spec.containers[agent].env[WEB_CONCURRENCY]',
            },
          ],
          missing: [{ kind: 'ScaledObject', name: 'support-triage-agent' }],
        }),
        env({ environment: 'dev', overlay: 'deploy/overlays/dev' }),
      ],
    });
    const table = await screen.findByRole('table', {
      name: 'Drift from deploy/overlays/production',
    });
    const rows = within(table)
      .getAllByRole('row')
      .map(r =>
        within(r)
          .queryAllByRole('cell')
          .map(c => c.textContent),
      )
      .filter(cells => cells.length);
    expect(rows).toEqual([
      [
        'HorizontalPodAutoscaler/support-triage-agent',
        'spec.maxReplicas',
        '10',
        '12',
      ],
      [
        'Deployment/support-triage-agent',
        'spec.template.spec.containers[agent].env[WEB_CONCURRENCY]',
        'differs (value not shown)',
      ],
      [
        'ScaledObject/support-triage-agent',
        '(the object)',
        'present',
        'missing',
      ],
    ]);
    const section = screen.getByTestId('agent-drift');
    expect(section).toHaveTextContent(
      'Env var values are not shown; only which ones differ.',
    );
    expect(screen.getByTestId('drift-sandbox-eu-dev')).toHaveTextContent(
      'Live objects match deploy/overlays/dev',
    );
  });

  it('says why drift was not computed', async () => {
    renderTab({
      source,
      environments: [
        env({
          message:
            'drift not computed: images in deploy/overlays/production/kustomization.yaml is not supported',
        }),
      ],
    });
    expect(await screen.findByTestId('agent-drift')).toHaveTextContent(
      'deploy/overlays/production in sandbox-eu (ai-agents): drift not computed: images in deploy/overlays/production/kustomization.yaml is not supported',
    );
  });

  it('shows nothing for an agent without a repository or running nowhere', async () => {
    const api = renderTab({
      environments: [],
      message: 'drift not computed: the agent names no repository',
    });
    await waitFor(() => expect(api.getDrift).toHaveBeenCalled());
    await screen.findByText(/Agent health/);
    expect(screen.queryByTestId('agent-drift')).toBeNull();
    expect(screen.queryByText(/drift/i)).toBeNull();
  });
});
