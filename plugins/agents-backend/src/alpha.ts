/**
 * Writing into the agents plugin's stores: scaling history (replica samples
 * and rescale events) and token usage, for backfills, imports and demos.
 *
 * @packageDocumentation
 */
export { migrateAgentsDatabase } from './services/ScalingHistory/migrations';
export { createAgentsHistoryStore } from './services/HistoryStore';
export type {
  AgentsHistoryStore,
  UsageIncrement,
} from './services/HistoryStore';
