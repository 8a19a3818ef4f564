import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createKubernetesApplyAction } from './actions/kubernetesApply';
import { createRenderManifestsAction } from './actions/renderManifests';

/**
 * Adds the AgentDeck scaffolder actions `agentdeck:manifests:render` and
 * `agentdeck:kubernetes:apply`.
 * @public
 */
export const scaffolderModuleAgents = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'agents',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createRenderManifestsAction(),
          createKubernetesApplyAction({ config }),
        );
      },
    });
  },
});

export default scaffolderModuleAgents;
