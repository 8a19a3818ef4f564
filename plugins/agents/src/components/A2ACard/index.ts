export { AgentA2ACard, A2A_CARD_TITLE } from './AgentA2ACard';
export { A2ACardSection } from './A2ACardSection';
export { A2ACardView } from './A2ACardView';
