export { AgentDrift, DriftView } from './AgentDrift';
