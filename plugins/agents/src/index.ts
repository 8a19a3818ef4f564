/**
 * AgentDeck frontend: agent health, readiness, scaling and LLM spend on
 * entity pages, and an org-wide Agents page.
 *
 * @packageDocumentation
 */
export {
  agentsPlugin,
  AgentsPage,
  EntityAgentContent,
  EntityAgentA2ACard,
  EntityAgentHealthCard,
  EntityAgentReadinessCard,
  EntityAgentScalingCard,
  EntityAgentUsageCard,
  EntityGroupAgentsCard,
} from './plugin';
export { rootRouteRef as agentsRouteRef } from './routes';
export { agentsApiRef, AgentsClient } from './api';
export type { AgentsApi, AgentRef } from './api';
export { isAgentEntity } from '@agentdeck/plugin-agents-common';
