export { shareReadiness } from './shareReadiness';
export type { ShareReadinessOptions } from './shareReadiness';
export { shareViewedAgents } from './shareViewedAgents';
export type {
  ShareViewedOptions,
  SharedViewedAgents,
} from './shareViewedAgents';
