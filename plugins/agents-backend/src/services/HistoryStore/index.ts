export { createAgentsHistoryStore } from './createAgentsHistoryStore';
export type {
  AgentsHistoryStore,
  UsageIncrement,
} from './createAgentsHistoryStore';
