export { readAgentCard, AGENT_CARD_LIMITS } from './readAgentCard';
export type { AgentCardReading } from './readAgentCard';
