export {
  candidates,
  createAgentStatusService,
} from './createAgentStatusService';
export type { AgentStatusServiceOptions } from './createAgentStatusService';
export { selectorFor } from './selector';
export type { WorkloadSelector } from './selector';
