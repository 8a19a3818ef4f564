import { createApiRef } from '@backstage/core-plugin-api';
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

/** Identifies an agent entity by namespace and name. @public */
export interface AgentRef {
  namespace: string;
  name: string;
}

/** Client of the AgentDeck backend (`/api/agents`). @public */
export interface AgentsApi {
  getStatus(agent: AgentRef): Promise<AgentStatusResponse>;
  /** The agent's A2A card, read once per rollout, and where it and the catalog disagree. */
  getCard(agent: AgentRef): Promise<AgentCardResponse>;
  /** The template and version that created the agent, the template's current version and what changed since. */
  getTemplate(agent: AgentRef): Promise<AgentTemplateResponse>;
  /** Where the live objects differ from what the repository's overlays render, per cluster and environment. */
  getDrift(agent: AgentRef): Promise<AgentDriftResponse>;
  getScalingHistory(
    agent: AgentRef,
    range: { from: Date; to: Date },
  ): Promise<ScalingHistoryResponse>;
  getUsage(agent: AgentRef, window: UsageWindow): Promise<UsageResponse>;
  getOverview(filter?: {
    owner?: string;
    system?: string;
  }): Promise<OverviewResponse>;
}

/** API reference of {@link AgentsApi}. @public */
export const agentsApiRef = createApiRef<AgentsApi>({
  id: 'plugin.agents.service',
});
