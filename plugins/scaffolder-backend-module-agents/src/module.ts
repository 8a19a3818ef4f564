import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createKubernetesApplyAction } from './actions/kubernetesApply';
import { createRenderManifestsAction } from './actions/renderManifests';
import { createRecordTemplateAction } from './actions/recordTemplate';
import { createMergeTemplateAction } from './actions/mergeTemplate';

/**
 * Adds the AgentDeck scaffolder actions `agentdeck:manifests:render`,
 * `agentdeck:kubernetes:apply`, `agentdeck:template:record` and
 * `agentdeck:template:merge`.
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
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        reader: coreServices.urlReader,
      },
      async init({ scaffolder, config, logger, auth, catalog, reader }) {
        scaffolder.addActions(
          createRenderManifestsAction(),
          createKubernetesApplyAction({ config, logger, auth, catalog }),
          createRecordTemplateAction(),
          createMergeTemplateAction({ reader }),
        );
      },
    });
  },
});

export default scaffolderModuleAgents;
