import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { registerAgentTemplateRouteRef, rootRouteRef } from '../routes';
import { agentsApi } from './apis';
import { agentEntityContent } from './entityContents';
import {
  agentA2ACardEntityCard,
  agentHealthEntityCard,
  groupAgentsEntityCard,
} from './entityCards';
import { agentsPage } from './pages';
import { AgentsIcon } from './AgentsIcon';

/** The AgentDeck frontend plugin for the new frontend system. @alpha */
export const agentsPlugin = createFrontendPlugin({
  pluginId: 'agents',
  title: 'Agents',
  icon: <AgentsIcon />,
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    agentsApi,
    agentEntityContent,
    agentHealthEntityCard,
    agentA2ACardEntityCard,
    groupAgentsEntityCard,
    agentsPage,
  ],
  routes: { root: rootRouteRef },
  // bound to the scaffolder's selectedTemplate route by default
  externalRoutes: { registerTemplate: registerAgentTemplateRouteRef },
});
