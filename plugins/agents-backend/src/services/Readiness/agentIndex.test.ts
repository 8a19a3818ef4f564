import { mockServices } from '@backstage/backend-test-utils';
import { agentEntity } from '@agentdeck/test-utils';
import { readAgentIndex } from './agentIndex';

describe('readAgentIndex', () => {
  const pod = {
    namespace: 'ai-agents',
    labels: { 'backstage.io/kubernetes-id': 'billing-agent' },
  };

  it("indexes the catalog's Agents", async () => {
    const logger = mockServices.logger.mock();
    const index = await readAgentIndex(
      async () => [agentEntity('billing-agent'), agentEntity('other-agent')],
      logger,
    );
    expect(index?.agentsOf(pod)).toEqual(['agent:default/billing-agent']);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('answers no index when the catalog cannot be read, and warns that the last list is kept', async () => {
    const logger = mockServices.logger.mock();
    const index = await readAgentIndex(async () => {
      throw new Error('catalog unavailable');
    }, logger);
    expect(index).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      "Readiness could not read the catalog's Agents, keeping the last list: Error: catalog unavailable",
    );
  });

  it('answers no index without a catalog to read', async () => {
    expect(
      await readAgentIndex(undefined, mockServices.logger.mock()),
    ).toBeUndefined();
  });
});
