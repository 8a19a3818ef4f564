export { agentsPlugin as default } from './plugin';
export { agentsApi } from './apis';
export { agentEntityContent } from './entityContents';
export {
  agentA2ACardEntityCard,
  agentHealthEntityCard,
  groupAgentsEntityCard,
} from './entityCards';
export { agentsPage } from './pages';
