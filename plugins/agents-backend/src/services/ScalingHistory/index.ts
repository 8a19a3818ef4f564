export { createHistoryStore } from './historyStore';
export type { HistoryStore } from './historyStore';
export { createScalingHistoryCollector } from './createScalingHistoryCollector';
export type { ScalingHistoryCollectorDeps } from './createScalingHistoryCollector';
export { createScalingHistoryService } from './createScalingHistoryService';
export { getMigratedClient, migrateAgentsDatabase } from './migrations';
export { parseScalingQuery } from './parseScalingQuery';
export * from './types';
