export { registerAgentActions } from './registerAgentActions';
export type { AgentActionsDeps } from './agentRef';
