import { useApi } from '@backstage/core-plugin-api';
import {
  AgentCardResponse,
  AgentDriftResponse,
  AgentStatusResponse,
  AgentTemplateResponse,
  OverviewResponse,
  ScalingHistoryResponse,
  UsageResponse,
  UsageWindow,
} from '@agentdeck/plugin-agents-common';
import { AgentRef, agentsApiRef } from '../api';
import { PolledState, usePolling } from './usePolling';

/** Live status of an agent. */
export function useAgentStatus(
  agent: AgentRef,
): PolledState<AgentStatusResponse> {
  const api = useApi(agentsApiRef);
  return usePolling(
    () => api.getStatus(agent),
    [api, agent.namespace, agent.name],
  );
}

/** How often the agent card is asked for again: it changes with rollouts only. */
export const CARD_POLL_INTERVAL_MS = 30_000;

/** The agent's A2A card, compared with the catalog. */
export function useAgentCard(agent: AgentRef): PolledState<AgentCardResponse> {
  const api = useApi(agentsApiRef);
  return usePolling(
    () => api.getCard(agent),
    [api, agent.namespace, agent.name],
    CARD_POLL_INTERVAL_MS,
  );
}

/** How often the template line is asked for again: templates change rarely. */
export const TEMPLATE_POLL_INTERVAL_MS = 300_000;

/** The template that created the agent and how far it has moved since. */
export function useAgentTemplate(
  agent: AgentRef,
): PolledState<AgentTemplateResponse> {
  const api = useApi(agentsApiRef);
  return usePolling(
    () => api.getTemplate(agent),
    [api, agent.namespace, agent.name],
    TEMPLATE_POLL_INTERVAL_MS,
  );
}

/** How often drift is asked for again; the backend reads the repository at most every few minutes. */
export const DRIFT_POLL_INTERVAL_MS = 30_000;

/** Where the agent's live objects differ from its repository's overlays. */
export function useAgentDrift(
  agent: AgentRef,
): PolledState<AgentDriftResponse> {
  const api = useApi(agentsApiRef);
  return usePolling(
    () => api.getDrift(agent),
    [api, agent.namespace, agent.name],
    DRIFT_POLL_INTERVAL_MS,
  );
}

/** Windows of the replica chart, in milliseconds. */
export const SCALING_WINDOWS = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
} as const;

/** A window of the replica chart. */
export type ScalingWindow = keyof typeof SCALING_WINDOWS;

/** Replica history of an agent over the last `window`, sliding with each poll. */
export function useScalingHistory(
  agent: AgentRef,
  window: ScalingWindow,
): PolledState<ScalingHistoryResponse> {
  const api = useApi(agentsApiRef);
  return usePolling(() => {
    const to = new Date();
    const from = new Date(to.getTime() - SCALING_WINDOWS[window]);
    return api.getScalingHistory(agent, { from, to });
  }, [api, agent.namespace, agent.name, window]);
}

/** Token usage and cost of an agent over a window. */
export function useUsage(
  agent: AgentRef,
  window: UsageWindow,
): PolledState<UsageResponse> {
  const api = useApi(agentsApiRef);
  return usePolling(
    () => api.getUsage(agent, window),
    [api, agent.namespace, agent.name, window],
  );
}

/** The org-wide overview, optionally for one owner or system. */
export function useOverview(filter: {
  owner?: string;
  system?: string;
}): PolledState<OverviewResponse> {
  const api = useApi(agentsApiRef);
  return usePolling(
    () => api.getOverview(filter),
    [api, filter.owner, filter.system],
  );
}
