export { AgentReadinessCard } from './AgentReadinessCard';
export { ReadinessView } from './ReadinessView';
export { readinessSummary } from './readinessSummary';
