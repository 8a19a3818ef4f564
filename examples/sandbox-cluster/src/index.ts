export { startSandboxCluster } from './server';
export type { SandboxCluster, SandboxClusterOptions, Faults, KubeObject, ObjectMeta } from './types';
export type { Scenario, ScenarioAgent, ScenarioNamespace, ScalingSpec, AgentBehaviours, OutageBehaviour, LoadCurve } from './sim/scenarioTypes';
