export { AgentContent } from './AgentContent';
