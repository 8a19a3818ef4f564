export { AgentScalingCard } from './AgentScalingCard';
export { ScalingView } from './ScalingView';
export { ReplicaChart } from './ReplicaChart';
