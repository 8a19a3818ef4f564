import { screen } from '@testing-library/react';
import { AgentContent } from './AgentContent';
import { fakeAgentsApi, renderWithApi } from '../../__testUtils__/render';
import {
  agentEntity,
  degradedStatus,
  noWorkloadsStatus,
} from '../../__testUtils__/fixtures';

describe('AgentContent', () => {
  it('shows health, usage, readiness and scaling from one status request', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(degradedStatus),
    });
    renderWithApi(<AgentContent />, { api, entity: agentEntity() });
    expect(await screen.findByText('Agent health')).toBeInTheDocument();
    expect(screen.getByText('Readiness')).toBeInTheDocument();
    expect(screen.getByText('Scaling')).toBeInTheDocument();
    expect(screen.getByText('LLM usage')).toBeInTheDocument();
    expect(screen.getByTestId('readiness-summary')).toHaveTextContent(
      '3 pods unready because vector_store is down.',
    );
    expect(await screen.findAllByTestId('rescale-marker')).toHaveLength(2);
    expect(api.getStatus).toHaveBeenCalledTimes(1);
  });

  it('leaves out readiness and scaling when no workloads were found', async () => {
    const api = fakeAgentsApi({
      getStatus: jest.fn().mockResolvedValue(noWorkloadsStatus),
    });
    renderWithApi(<AgentContent />, {
      api,
      entity: agentEntity('experimental-planner'),
    });
    expect(
      await screen.findByText('No Kubernetes workloads found'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Readiness')).toBeNull();
    expect(api.getScalingHistory).not.toHaveBeenCalled();
  });
});
