export { agentsApiRef } from './AgentsApi';
export type { AgentsApi, AgentRef } from './AgentsApi';
export { AgentsClient } from './AgentsClient';
