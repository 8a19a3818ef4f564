export { startSandboxCluster } from './server';
export { simulatePast } from './history';
export type {
  PastOptions,
  PastSample,
  PastAutoscaler,
  PastRescale,
  PastUsage,
  SandboxPast,
} from './history';
export { hostileSecrets } from './sim/hostile';
export { hostileCardSecrets } from './sim/agentCard';
export type {
  SandboxCluster,
  SandboxClusterOptions,
  Faults,
  KubeObject,
  ObjectMeta,
} from './types';
export type {
  Scenario,
  ScenarioAgent,
  ScenarioNamespace,
  DeployedBy,
  ScalingSpec,
  AgentBehaviours,
  OutageBehaviour,
  LoadCurve,
  HostileBehaviour,
  TokenMetricNaming,
  ScenarioCard,
  ScenarioSkill,
} from './sim/scenarioTypes';
export {
  agentdeckReaderRules,
  agentdeckReaderUser,
  viewClusterRoleRules,
} from './api/rbac';
export type { PolicyRule, SandboxIdentity } from './api/rbac';
