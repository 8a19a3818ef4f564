import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleAgents } from './module';
import { AgentEntitiesProcessor } from './processor/AgentEntitiesProcessor';

describe('catalogModuleAgents', () => {
  it('registers the Agent processor', async () => {
    const extensionPoint = { addProcessor: jest.fn() };
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, extensionPoint]],
      features: [catalogModuleAgents],
    });
    expect(extensionPoint.addProcessor).toHaveBeenCalledWith(
      expect.any(AgentEntitiesProcessor),
    );
  });
});
