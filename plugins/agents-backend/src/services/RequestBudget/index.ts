export { createRequestBudget } from './createRequestBudget';
export { budgetPodProxy } from './budgetPodProxy';
export { createViewedAgents } from './viewedAgents';
export { REQUEST_PRIORITIES } from './types';
export type * from './types';
