export * from './spec';
export * from './profiles';
export {
  AGENT_PORT,
  agentLabels,
  selectorLabels,
  podSecurityContext,
  containerSecurityContext,
} from './common';
export type { K8sObject } from './common';
export * from './environments';
export * from './render';
