export { createOverviewService, normalizeRef } from './createOverviewService';
export { createUsageSummary } from './createUsageSummary';
export { parseOverviewQuery } from './parseOverviewQuery';
export type { AgentUsage24h, UsageSummary } from './types';
export { listVisibleAgents } from './listVisibleAgents';
export { authorizeAgents } from './authorizeAgents';
export type { AuthorizedAgents } from './authorizeAgents';
