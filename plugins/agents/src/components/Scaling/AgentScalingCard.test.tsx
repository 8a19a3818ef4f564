import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AutoscalerStatus } from '@agentdeck/plugin-agents-common';
import { AgentScalingCard } from './AgentScalingCard';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import {
  agentEntity,
  hpa,
  scalingHistory,
  status,
} from '../../__testUtils__/fixtures';

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

  it('charts replicas under the cluster name, with rescale markers, and lists the events', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    const chart = await screen.findByRole('figure', {
      name: 'Replicas of support-triage-agent in sandbox-eu',
    });
    expect(within(chart).getByText('sandbox-eu')).toBeInTheDocument();
    // a time axis with round hours, and no gap: the first sample is at the window's start
    expect(within(chart).getByText('08:00')).toBeInTheDocument();
    expect(within(chart).getByText('12:00')).toBeInTheDocument();
    expect(within(chart).queryByText(/no data before/)).not.toBeInTheDocument();
    const markers = within(chart).getAllByTestId('rescale-marker');
    expect(markers).toHaveLength(2);
    const list = screen.getByRole('list', { name: 'rescale events' });
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(
      /5 → 3 SuccessfulRescale: New size: 3/,
    );
  });

  it('tells the reason of a rescale when its marker is hovered', async () => {
    renderWithApi(<AgentScalingCard />, {
      api: fakeAgentsApi(),
      entity: agentEntity(),
    });
    const [first] = await screen.findAllByTestId('rescale-marker');
    await userEvent.hover(first);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      '06-01 08:00 2 → 4 SuccessfulRescale: New size: 4; reason: pods metric agent_active_requests above target',
    );
  });

  it('lists the rescales that share a marker when it is hovered', async () => {
    const burst = [0, 1, 2].map(i => ({
      ...scalingHistory.events[0],
      at: `2025-06-01T09:0${i}:00.000Z`,
      from: 4 + i,
      to: 5 + i,
      message: `New size: ${5 + i}`,
    }));
    const api = fakeAgentsApi({
      getScalingHistory: jest.fn().mockResolvedValue({
        ...scalingHistory,
        events: [...scalingHistory.events, ...burst],
      }),
    });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    const chart = await screen.findByRole('figure', {
      name: 'Replicas of support-triage-agent in sandbox-eu',
    });
    const markers = within(chart).getAllByTestId('rescale-marker');
    expect(markers).toHaveLength(3);
    await userEvent.hover(markers[1]);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent('3 rescales');
    expect(tooltip).toHaveTextContent('06-01 09:00 4 → 5 SuccessfulRescale');
    expect(tooltip).toHaveTextContent('06-01 09:02 6 → 7 SuccessfulRescale');
  });

  it('shows the counts in force at the hovered time', async () => {
    renderWithApi(<AgentScalingCard />, {
      api: fakeAgentsApi(),
      entity: agentEntity(),
    });
    const chart = await screen.findByRole('figure', {
      name: 'Replicas of support-triage-agent in sandbox-eu',
    });
    expect(screen.queryByText('4 current, 5 desired')).not.toBeInTheDocument();
    // jsdom measures nothing, so the chart is 600 px wide: its plot runs from
    // x=32 (after the y axis) to x=584, 06:00 to 12:00; 09:30 is at x=354,
    // between the samples of 08:00 (4 current, 5 desired) and 10:00 (5, 5)
    const surface = chart.querySelector('.recharts-wrapper');
    if (!surface) throw new Error('no chart surface');
    fireEvent.mouseMove(surface, { clientX: 354, clientY: 100 });
    expect(await screen.findByText('4 current, 5 desired')).toBeInTheDocument();
    expect(screen.getByText('09:30 UTC')).toBeInTheDocument();
    expect(screen.getByText('bounds 2 to 8')).toBeInTheDocument();
  });

  it('starts the chart at the first sample and says there is no data before it', async () => {
    const api = fakeAgentsApi({
      getScalingHistory: jest.fn().mockResolvedValue({
        ...scalingHistory,
        samples: scalingHistory.samples.slice(1),
      }),
    });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    const chart = await screen.findByRole('figure', {
      name: 'Replicas of support-triage-agent in sandbox-eu',
    });
    expect(
      within(chart).getByText('no data before 06-01 08:00 UTC'),
    ).toBeInTheDocument();
    expect(within(chart).queryByText('07:00')).not.toBeInTheDocument();
    expect(within(chart).getByText('08:00')).toBeInTheDocument();
  });

  it('reaches back to a rescale from before the first sample and marks it', async () => {
    const api = fakeAgentsApi({
      getScalingHistory: jest.fn().mockResolvedValue({
        ...scalingHistory,
        samples: scalingHistory.samples.slice(2),
      }),
    });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    const chart = await screen.findByRole('figure', {
      name: 'Replicas of support-triage-agent in sandbox-eu',
    });
    expect(
      within(chart).getByText(
        'no replica counts before 06-01 10:00 UTC; the rescales before it are marked',
      ),
    ).toBeInTheDocument();
    expect(within(chart).getAllByTestId('rescale-marker')).toHaveLength(2);
  });

  it('draws one chart per cluster, each titled with its name', async () => {
    const us = scalingHistory.samples.map(s => ({
      ...s,
      cluster: 'sandbox-us',
    }));
    const api = fakeAgentsApi({
      getScalingHistory: jest.fn().mockResolvedValue({
        ...scalingHistory,
        samples: [...us, ...scalingHistory.samples],
      }),
    });
    renderWithApi(<AgentScalingCard />, { api, entity: agentEntity() });
    const charts = await screen.findAllByRole('figure');
    expect(charts.map(c => c.getAttribute('aria-label'))).toEqual([
      'Replicas of support-triage-agent in sandbox-eu',
      'Replicas of support-triage-agent in sandbox-us',
    ]);
    expect(within(charts[1]).getByText('sandbox-us')).toBeInTheDocument();
    // the events are sandbox-eu's
    expect(within(charts[0]).getAllByTestId('rescale-marker')).toHaveLength(2);
    expect(within(charts[1]).queryAllByTestId('rescale-marker')).toHaveLength(
      0,
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
