export { AgentHealthCard } from './AgentHealthCard';
export { HealthView } from './HealthView';
