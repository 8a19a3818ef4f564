import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AgentEntitiesProcessor } from './AgentEntitiesProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

function agent(spec: Record<string, unknown>, namespace = 'default'): Entity {
  return {
    apiVersion: 'agentdeck.io/v1alpha1',
    kind: 'Agent',
    metadata: { name: 'billing-agent', namespace },
    spec: { type: 'api', lifecycle: 'production', ...spec },
  };
}

async function relationsOf(entity: Entity) {
  const emit = jest.fn();
  await new AgentEntitiesProcessor().postProcessEntity(entity, location, emit);
  return emit.mock.calls.map(([r]) => [
    stringifyEntityRef(r.relation.source),
    r.relation.type,
    stringifyEntityRef(r.relation.target),
  ]);
}

describe('AgentEntitiesProcessor', () => {
  const processor = new AgentEntitiesProcessor();

  it('validates Agent entities and ignores other kinds', async () => {
    await expect(
      processor.validateEntityKind(agent({ owner: 'billing-team' })),
    ).resolves.toBe(true);
    await expect(
      processor.validateEntityKind({ ...agent({}), kind: 'Component' }),
    ).resolves.toBe(false);
  });

  it('turns an invalid Agent into an error naming the field', async () => {
    await expect(
      processor.validateEntityKind(
        agent({
          owner: 'billing-team',
          scaling: { mode: 'hpa', minReplicas: 4, maxReplicas: 2 },
        }),
      ),
    ).rejects.toThrow(/spec\.scaling\.minReplicas/);
    await expect(
      processor.validateEntityKind(agent({ type: 'api' })),
    ).rejects.toThrow(/owner/);
  });

  it('emits ownership both ways, defaulting to a Group in the same namespace', async () => {
    expect(await relationsOf(agent({ owner: 'billing-team' }, 'ops'))).toEqual([
      ['agent:ops/billing-agent', 'ownedBy', 'group:ops/billing-team'],
      ['group:ops/billing-team', 'ownerOf', 'agent:ops/billing-agent'],
    ]);
  });

  it('keeps an explicit owner kind such as a user', async () => {
    expect(await relationsOf(agent({ owner: 'user:default/jane' }))).toEqual([
      ['agent:default/billing-agent', 'ownedBy', 'user:default/jane'],
      ['user:default/jane', 'ownerOf', 'agent:default/billing-agent'],
    ]);
  });

  it('emits system and dependency relations', async () => {
    const relations = await relationsOf(
      agent({
        owner: 'group:default/billing-team',
        system: 'payments',
        dependsOn: ['resource:billing-db', 'component:default/ledger'],
      }),
    );
    expect(relations).toEqual(
      expect.arrayContaining([
        ['agent:default/billing-agent', 'partOf', 'system:default/payments'],
        ['system:default/payments', 'hasPart', 'agent:default/billing-agent'],
        [
          'agent:default/billing-agent',
          'dependsOn',
          'resource:default/billing-db',
        ],
        [
          'resource:default/billing-db',
          'dependencyOf',
          'agent:default/billing-agent',
        ],
        [
          'agent:default/billing-agent',
          'dependsOn',
          'component:default/ledger',
        ],
        [
          'component:default/ledger',
          'dependencyOf',
          'agent:default/billing-agent',
        ],
      ]),
    );
    expect(relations).toHaveLength(8);
  });

  it('leaves other kinds alone', async () => {
    expect(
      await relationsOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: { owner: 'team' },
      }),
    ).toEqual([]);
  });
});
