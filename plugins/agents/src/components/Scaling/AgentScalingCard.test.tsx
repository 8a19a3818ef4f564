import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AutoscalerStatus } from '@agentdeck/plugin-agents-common';
import { AgentScalingCard } from './AgentScalingCard';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import { agentEntity, hpa, status } from '../../__testUtils__/fixtures';

function withAutoscaler(a: AutoscalerStatus) {
  const s = status();
  s.clusters[0].autoscalers = [a];
  return s;
}

const limitedHpa: AutoscalerStatus = {
  ...hpa,
  name: 'research-orchestrator',
  minReplicas: 1,
  maxReplicas: 4,
  currentReplicas: 4,
  desiredReplicas: 4,
  limited: true,
  conditions: [
    { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
    { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
    {
      type: 'ScalingLimited',
      status: 'True',
      reason: 'TooManyReplicas',
      message:
        'the desired replica count is more than the maximum replica count',
    },
  ],
};

const pausedKeda: AutoscalerStatus = {
  ...hpa,
  kind: 'ScaledObject',
  name: 'incident-copilot',
  conditions: [],
  keda: {
    ready: true,
    active: true,
    fallback: true,
    paused: true,
    pausedReplicas: 2,
    triggers: [
      {
        name: 'nats',
        type: 'nats-jetstream',
        health: 'Failing',
        numberOfFailures: 4,
      },
    ],
  },
};

describe('AgentScalingCard', () => {
  it('shows bounds and metrics against their target', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    expect(
      await screen.findByText(
        /HPA support-agents\/support-triage-agent in sandbox-eu/,
      ),
    ).toBeInTheDocument();
    const replicas = screen.getByLabelText('replicas');
    expect(within(replicas).getByText('min').previousSibling).toHaveTextContent(
      '2',
    );
    expect(within(replicas).getByText('max').previousSibling).toHaveTextContent(
      '8',
    );
    expect(
      screen.getByText('agent_active_requests: 6 / 8 (average per pod)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Scaling normally.')).toBeInTheDocument();
  });

  it('explains ScalingLimited in words', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(withAutoscaler(limitedHpa)),
    });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    expect(
      await screen.findByText(
        /Scaling is held back by maxReplicas \(4\).*\(TooManyReplicas\): the desired replica count is more than the maximum/,
      ),
    ).toBeInTheDocument();
  });

  it('treats resting at minReplicas as normal, not as held back', async () => {
    const atMin: AutoscalerStatus = {
      ...limitedHpa,
      currentReplicas: 1,
      desiredReplicas: 1,
      conditions: [
        {
          type: 'ScalingLimited',
          status: 'True',
          reason: 'TooFewReplicas',
          message:
            'the desired replica count is less than the minimum replica count',
        },
      ],
    };
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(withAutoscaler(atMin)),
    });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    expect(
      await screen.findByText(
        /fewer than minReplicas \(1\), so the floor applies.*\(TooFewReplicas\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/held back/)).not.toBeInTheDocument();
  });

  it('explains a paused KEDA ScaledObject, its fallback and failing trigger', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(withAutoscaler(pausedKeda)),
    });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    expect(
      await screen.findByText(
        /KEDA ScaledObject support-agents\/incident-copilot/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Paused by the autoscaling.keda.sh/paused annotation; replicas are held at 2 replicas.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Fallback is active/)).toBeInTheDocument();
    expect(
      screen.getByText(
        'Trigger nats (nats-jetstream) is failing, 4 failures in a row.',
      ),
    ).toBeInTheDocument();
  });

  it('charts replicas with rescale markers and lists the events', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    const chart = await screen.findByRole('img', {
      name: 'Replicas of support-triage-agent in sandbox-eu',
    });
    const markers = within(chart).getAllByTestId('rescale-marker');
    expect(markers).toHaveLength(2);
    expect(markers[0].querySelector('title')).toHaveTextContent(
      '06-01 08:00 2 → 4 SuccessfulRescale: New size: 4; reason: pods metric agent_active_requests above target',
    );
    expect(within(chart).getByTestId('current-line').getAttribute('d')).toMatch(
      /^M.* H.* V.*/,
    );
    expect(within(chart).getByTestId('desired-line')).toHaveAttribute(
      'stroke-dasharray',
      '5 4',
    );
    const list = screen.getByRole('list', { name: 'rescale events' });
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(
      /5 → 3 SuccessfulRescale: New size: 3/,
    );
  });

  it('asks for the chosen window', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    await screen.findAllByTestId('rescale-marker');
    await userEvent.click(screen.getByRole('button', { name: '7d' }));
    await waitFor(() => expect(api.getScalingHistory).toHaveBeenCalledTimes(2));
    const [, range] = api.getScalingHistory.mock.calls[1];
    expect(range.to.getTime() - range.from.getTime()).toBe(7 * 24 * 3_600_000);
  });

  it('says so when there is no autoscaler', async () => {
    const s = status();
    s.clusters[0].autoscalers = [];
    const api = fakeAgentsApi({ getStatus: jest.fn().mockResolvedValue(s) });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    expect(
      await screen.findByText('No autoscaler: replicas are fixed at 3.'),
    ).toBeInTheDocument();
  });
});
