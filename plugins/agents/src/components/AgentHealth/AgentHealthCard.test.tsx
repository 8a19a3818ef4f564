import { screen } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';
import { AgentRef } from '../../api';
import { AgentHealthCard } from './AgentHealthCard';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import {
  agentEntity,
  degradedStatus,
  noWorkloadsStatus,
  partialStatus,
  status,
} from '../../__testUtils__/fixtures';

const entity = agentEntity();

describe('AgentHealthCard', () => {
  it('shows progress while the first answer is pending', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn<Promise<AgentStatusResponse>, [AgentRef]>(
        () => new Promise(() => {}),
      ),
    });
    renderWithApi(<AgentHealthCard />, { api, entity });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('shows a healthy agent with its pods per cluster and data age', async () => {
    const api = fakeAgentsApi();
    renderWithApi(<AgentHealthCard />, { api, entity });
    expect(await screen.findByText('healthy')).toBeInTheDocument();
    expect(screen.getByText('updated 12 s ago')).toBeInTheDocument();
    expect(screen.getByText('sandbox-eu')).toBeInTheDocument();
    expect(screen.getByText('3/3')).toBeInTheDocument();
    expect(screen.getByText('3/3 updated')).toBeInTheDocument();
    expect(api.getStatus).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'support-triage-agent',
    });
  });

  it('says when the data is stale, and how old', async () => {
    const stale = status({
      state: 'unknown',
      stale: true,
      dataAgeSeconds: 200,
      reasons: [
        'cluster sandbox-eu stale: nothing heard from its API server for 200 s',
      ],
    });
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(stale),
    });
    renderWithApi(<AgentHealthCard />, { api, entity });
    expect(
      await screen.findByText('stale, updated 3 min ago'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/nothing heard from its API server for 200 s/),
    ).toBeInTheDocument();
  });

  it('lists the reasons of a degraded state', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(degradedStatus),
    });
    renderWithApi(<AgentHealthCard />, { api, entity });
    expect(await screen.findByText('degraded')).toBeInTheDocument();
    expect(screen.getByText('3 of 3 pods not ready')).toBeInTheDocument();
    expect(screen.getByText('0/3')).toBeInTheDocument();
  });

  it('names an unreachable cluster and still shows the others', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(partialStatus),
    });
    renderWithApi(<AgentHealthCard />, { api, entity });
    expect(
      await screen.findByText(
        /Partial data: cluster sandbox-us did not answer/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /sandbox-us unreachable: connect ECONNREFUSED 127.0.0.1:6443/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('sandbox-eu')).toBeInTheDocument();
    expect(screen.getByText('3/3')).toBeInTheDocument();
  });

  it('says which annotation to add when no workloads were found', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(noWorkloadsStatus),
    });
    renderWithApi(<AgentHealthCard />, { api, entity });
    expect(
      await screen.findByText('No Kubernetes workloads found'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No Kubernetes workloads carry the label of this agent.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage\.io\/kubernetes-id/).length,
    ).toBeGreaterThan(0);
    expect(
      await screen.findByText(
        /backstage\.io\/kubernetes-id: support-triage-agent/,
      ),
    ).toBeInTheDocument();
  });

  it('shows what went wrong when the backend fails', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotFoundError',
          message: 'agent:default/support-triage-agent not found',
        },
        response: { statusCode: 404 },
      }),
      {
        status: 404,
        statusText: 'Not Found',
        headers: { 'content-type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockRejectedValue(error),
    });
    renderWithApi(<AgentHealthCard />, { api, entity });
    expect(
      (
        await screen.findAllByText(
          /agent:default\/support-triage-agent not found/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });
});
