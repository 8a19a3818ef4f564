import { AgentActionsDeps } from './agentRef';
import { registerAgentStatusAction } from './agentStatusAction';
import { registerAgentUsageAction } from './agentUsageAction';
import { registerListAgentsAction } from './listAgentsAction';
import { registerScalingHistoryAction } from './scalingHistoryAction';

/**
 * Registers AgentDeck's read-only actions for assistants (MCP and others).
 * Each reads with the caller's credentials and the REST API's checks, so an
 * agent the caller cannot see is "not found" here too.
 */
export function registerAgentActions(deps: AgentActionsDeps): void {
  registerListAgentsAction(deps);
  registerAgentStatusAction(deps);
  registerAgentUsageAction(deps);
  registerScalingHistoryAction(deps);
}
