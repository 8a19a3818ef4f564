import {
  AGENT_SCALING_MODES,
  AGENT_TYPES,
  AgentEntityV1alpha1,
  agentEntityV1alpha1Validator as validator,
  isAgentEntity,
} from './AgentEntityV1alpha1';
import schema from './Agent.v1alpha1.schema.json';

describe('agentEntityV1alpha1Validator', () => {
  let entity: AgentEntityV1alpha1;

  beforeEach(() => {
    entity = {
      apiVersion: 'agentdeck.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'billing-agent' },
      spec: {
        type: 'api',
        lifecycle: 'production',
        owner: 'group:default/billing-team',
        system: 'payments',
        models: [{ provider: 'openai', name: 'gpt-4o-mini' }],
        dependsOn: ['resource:default/billing-db'],
        scaling: { mode: 'hpa', minReplicas: 2, maxReplicas: 10 },
        budget: { monthlyUsd: 500 },
      },
    };
  });

  const spec = () => entity.spec as Record<string, any>;

  it('accepts a complete entity', async () => {
    await expect(validator.check(entity)).resolves.toBe(true);
  });

  it('accepts a minimal entity', async () => {
    entity.spec = {
      type: 'worker',
      lifecycle: 'experimental',
      owner: 'team-a',
    };
    await expect(validator.check(entity)).resolves.toBe(true);
  });

  it('ignores other kinds and apiVersions', async () => {
    await expect(
      validator.check({ ...entity, kind: 'Component' } as any),
    ).resolves.toBe(false);
    await expect(
      validator.check({
        ...entity,
        apiVersion: 'backstage.io/v1alpha1',
      } as any),
    ).resolves.toBe(false);
  });

  it('rejects a missing spec', async () => {
    delete (entity as any).spec;
    await expect(validator.check(entity)).rejects.toThrow(/spec/);
  });

  describe('spec.type', () => {
    it.each(['api', 'worker', 'orchestrator', 'local-model'])(
      'accepts %s',
      async type => {
        spec().type = type;
        await expect(validator.check(entity)).resolves.toBe(true);
      },
    );
    it('rejects missing', async () => {
      delete spec().type;
      await expect(validator.check(entity)).rejects.toThrow(/type/);
    });
    it('rejects an unknown type', async () => {
      spec().type = 'chatbot';
      await expect(validator.check(entity)).rejects.toThrow(/\/spec\/type/);
    });
    it('rejects wrong type', async () => {
      spec().type = 7;
      await expect(validator.check(entity)).rejects.toThrow(/\/spec\/type/);
    });
  });

  describe.each(['lifecycle', 'owner'])('spec.%s', field => {
    it('rejects missing', async () => {
      delete spec()[field];
      await expect(validator.check(entity)).rejects.toThrow(field);
    });
    it('rejects empty', async () => {
      spec()[field] = '';
      await expect(validator.check(entity)).rejects.toThrow(`/spec/${field}`);
    });
    it('rejects wrong type', async () => {
      spec()[field] = ['x'];
      await expect(validator.check(entity)).rejects.toThrow(`/spec/${field}`);
    });
  });

  it('rejects a malformed owner reference', async () => {
    spec().owner = 'group:default/billing-team/extra:stuff';
    await expect(validator.check(entity)).rejects.toThrow(/spec\.owner/);
  });

  describe('spec.system', () => {
    it('accepts absent', async () => {
      delete spec().system;
      await expect(validator.check(entity)).resolves.toBe(true);
    });
    it('rejects empty', async () => {
      spec().system = '';
      await expect(validator.check(entity)).rejects.toThrow('/spec/system');
    });
    it('rejects a malformed reference', async () => {
      spec().system = 'system:a:b:c';
      await expect(validator.check(entity)).rejects.toThrow(/spec\.system/);
    });
  });

  describe('spec.models', () => {
    it('rejects a model without name', async () => {
      spec().models = [{ provider: 'openai' }];
      await expect(validator.check(entity)).rejects.toThrow(
        /\/spec\/models\/0/,
      );
    });
    it('rejects an empty provider', async () => {
      spec().models = [{ provider: '', name: 'x' }];
      await expect(validator.check(entity)).rejects.toThrow(
        '/spec/models/0/provider',
      );
    });
    it('rejects wrong type', async () => {
      spec().models = 'gpt-4o';
      await expect(validator.check(entity)).rejects.toThrow('/spec/models');
    });
  });

  describe('spec.dependsOn', () => {
    it('rejects a reference without kind', async () => {
      spec().dependsOn = ['billing-db'];
      await expect(validator.check(entity)).rejects.toThrow(
        /spec\.dependsOn\[0\]/,
      );
    });
    it('rejects empty strings', async () => {
      spec().dependsOn = [''];
      await expect(validator.check(entity)).rejects.toThrow(
        '/spec/dependsOn/0',
      );
    });
  });

  describe('spec.scaling', () => {
    it.each(['hpa', 'keda', 'none'])('accepts mode %s', async mode => {
      spec().scaling = { mode };
      await expect(validator.check(entity)).resolves.toBe(true);
    });
    it('rejects missing mode', async () => {
      spec().scaling = { minReplicas: 1 };
      await expect(validator.check(entity)).rejects.toThrow(/mode/);
    });
    it('rejects an unknown mode', async () => {
      spec().scaling = { mode: 'vpa' };
      await expect(validator.check(entity)).rejects.toThrow(
        '/spec/scaling/mode',
      );
    });
    it('rejects negative minReplicas', async () => {
      spec().scaling = { mode: 'hpa', minReplicas: -1, maxReplicas: 3 };
      await expect(validator.check(entity)).rejects.toThrow(
        '/spec/scaling/minReplicas',
      );
    });
    it('rejects fractional maxReplicas', async () => {
      spec().scaling = { mode: 'hpa', minReplicas: 1, maxReplicas: 2.5 };
      await expect(validator.check(entity)).rejects.toThrow(
        '/spec/scaling/maxReplicas',
      );
    });
    it('rejects min greater than max', async () => {
      spec().scaling = { mode: 'hpa', minReplicas: 5, maxReplicas: 3 };
      await expect(validator.check(entity)).rejects.toThrow(
        'spec.scaling.minReplicas (5) must not be greater than spec.scaling.maxReplicas (3)',
      );
    });
  });

  describe('spec.budget', () => {
    it('rejects zero', async () => {
      spec().budget = { monthlyUsd: 0 };
      await expect(validator.check(entity)).rejects.toThrow(
        '/spec/budget/monthlyUsd',
      );
    });
    it('rejects a string', async () => {
      spec().budget = { monthlyUsd: '500' };
      await expect(validator.check(entity)).rejects.toThrow(
        '/spec/budget/monthlyUsd',
      );
    });
  });

  it('rejects unknown spec fields', async () => {
    spec().replicas = 3;
    await expect(validator.check(entity)).rejects.toThrow(/replicas/);
  });

  it('isAgentEntity tells agents apart', () => {
    expect(isAgentEntity(entity)).toBe(true);
    expect(isAgentEntity({ ...entity, kind: 'Component' })).toBe(false);
  });
});

describe('the Agent vocabulary', () => {
  it('is the one the kind schema validates', () => {
    const spec = (schema as any).allOf[1].properties.spec.properties;
    expect(spec.type.enum).toEqual([...AGENT_TYPES]);
    expect(spec.scaling.properties.mode.enum).toEqual([...AGENT_SCALING_MODES]);
  });
});
