export { AgentUsageCard } from './AgentUsageCard';
export { UsageSection } from './UsageSection';
export { UsageView } from './UsageView';
