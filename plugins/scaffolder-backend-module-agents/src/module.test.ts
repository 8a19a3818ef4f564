import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleAgents } from './module';

describe('scaffolderModuleAgents', () => {
  it('registers its four actions', async () => {
    const actions: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...a: TemplateAction<any, any, any>[]) =>
              actions.push(...a),
          },
        ],
      ],
      features: [
        scaffolderModuleAgents,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(actions.map(a => a.id).sort()).toEqual([
      'agentdeck:kubernetes:apply',
      'agentdeck:manifests:render',
      'agentdeck:template:merge',
      'agentdeck:template:record',
    ]);
    expect(actions.every(a => a.supportsDryRun)).toBe(true);
  });
});
