import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPublishLocalAction } from './actions/publishLocal';
import {
  createLocateLocalRepoAction,
  createPublishLocalBranchAction,
} from './actions/publishLocalBranch';

/**
 * Adds `agentdeck:publish:local`, the demo's stand-in for `publish:github`,
 * `agentdeck:publish:local:branch` (for `publish:github:pull-request`) and
 * `agentdeck:publish:local:locate`.
 * @public
 */
export const scaffolderModuleLocalPublish = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'local-publish',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createPublishLocalAction({ config }),
          createPublishLocalBranchAction({ config }),
          createLocateLocalRepoAction({ config }),
        );
      },
    });
  },
});
