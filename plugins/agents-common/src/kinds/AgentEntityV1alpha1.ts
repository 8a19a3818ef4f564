import {
  Entity,
  KindValidator,
  entityKindSchemaValidator,
  makeValidator,
  parseEntityRef,
} from '@backstage/catalog-model';
import schema from './Agent.v1alpha1.schema.json';

/** The resource profiles an agent can have (`spec.type`). @public */
export const AGENT_TYPES = [
  'api',
  'worker',
  'orchestrator',
  'local-model',
] as const;

/** The resource profile of an agent. @public */
export type AgentType = (typeof AGENT_TYPES)[number];

/** How an agent's replicas can be scaled (`spec.scaling.mode`). @public */
export const AGENT_SCALING_MODES = ['hpa', 'keda', 'none'] as const;

/** How an agent's replicas are scaled. @public */
export type AgentScalingMode = (typeof AGENT_SCALING_MODES)[number];

/** An LLM an agent calls. @public */
export type AgentModel = {
  provider: string;
  name: string;
};

/** The `Agent` catalog kind: an AI agent that runs on Kubernetes. @public */
export interface AgentEntityV1alpha1 extends Entity {
  apiVersion: 'agentdeck.io/v1alpha1';
  kind: 'Agent';
  spec: {
    type: AgentType;
    lifecycle: string;
    owner: string;
    system?: string;
    models?: AgentModel[];
    dependsOn?: string[];
    scaling?: {
      mode: AgentScalingMode;
      minReplicas?: number;
      maxReplicas?: number;
    };
    budget?: { monthlyUsd: number };
  };
}

/** The apiVersion of the Agent kind. @public */
export const AGENT_API_VERSION = 'agentdeck.io/v1alpha1';

/** The kind name of the Agent kind. @public */
export const AGENT_KIND = 'Agent';

const schemaValidator = entityKindSchemaValidator(schema);

const names = makeValidator();

function checkRef(value: string, field: string, defaultKind?: string) {
  let problem: string | undefined;
  try {
    const ref = parseEntityRef(value, {
      defaultKind,
      defaultNamespace: 'default',
    });
    if (!names.isValidKind(ref.kind)) problem = `kind "${ref.kind}" is invalid`;
    else if (!names.isValidNamespace(ref.namespace))
      problem = `namespace "${ref.namespace}" is invalid`;
    else if (!names.isValidEntityName(ref.name))
      problem = `name "${ref.name}" is invalid`;
  } catch (e) {
    problem = (e as Error).message;
  }
  if (problem) {
    throw new TypeError(
      `${field} "${value}" is not a valid entity reference: ${problem}`,
    );
  }
}

// What JSON schema cannot say: cross-field bounds and well-formed references.
function checkSemantics(entity: AgentEntityV1alpha1) {
  const { spec } = entity;
  checkRef(spec.owner, 'spec.owner', 'Group');
  if (spec.system) checkRef(spec.system, 'spec.system', 'System');
  spec.dependsOn?.forEach((ref, i) => checkRef(ref, `spec.dependsOn[${i}]`));
  const min = spec.scaling?.minReplicas;
  const max = spec.scaling?.maxReplicas;
  if (min !== undefined && max !== undefined && min > max) {
    throw new TypeError(
      `spec.scaling.minReplicas (${min}) must not be greater than spec.scaling.maxReplicas (${max})`,
    );
  }
}

/**
 * Validates `Agent` entities: the JSON schema, then replica bounds and
 * entity references. Errors name the offending field.
 * @public
 */
export const agentEntityV1alpha1Validator: KindValidator = {
  async check(data: Entity) {
    const result = schemaValidator(data);
    if (result === false) return false;
    checkSemantics(result as unknown as AgentEntityV1alpha1);
    return true;
  },
};

/** Whether an entity is an `Agent`. @public */
export function isAgentEntity(entity: Entity): entity is AgentEntityV1alpha1 {
  return entity.apiVersion === AGENT_API_VERSION && entity.kind === AGENT_KIND;
}
