import {
  CompoundEntityRef,
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  agentEntityV1alpha1Validator,
  isAgentEntity,
} from '@agentdeck/plugin-agents-common';

/**
 * Validates the `Agent` kind and emits its ownership, system and dependency
 * relations, so agents show up on group, user, system and resource pages.
 * @public
 */
export class AgentEntitiesProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'AgentEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    return agentEntityV1alpha1Validator.check(entity);
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isAgentEntity(entity)) {
      return entity;
    }
    const self = getCompoundEntityRef(entity);
    const link = (
      target: string,
      defaultKind: string | undefined,
      forward: string,
      backward: string,
    ) => {
      const ref = parseEntityRef(target, {
        defaultKind,
        defaultNamespace: self.namespace,
      });
      emitPair(emit, self, ref, forward, backward);
    };

    link(entity.spec.owner, 'Group', RELATION_OWNED_BY, RELATION_OWNER_OF);
    if (entity.spec.system) {
      link(entity.spec.system, 'System', RELATION_PART_OF, RELATION_HAS_PART);
    }
    for (const dependency of entity.spec.dependsOn ?? []) {
      link(dependency, undefined, RELATION_DEPENDS_ON, RELATION_DEPENDENCY_OF);
    }
    return entity;
  }
}

function emitPair(
  emit: CatalogProcessorEmit,
  source: CompoundEntityRef,
  target: CompoundEntityRef,
  forward: string,
  backward: string,
) {
  emit(processingResult.relation({ source, type: forward, target }));
  emit(
    processingResult.relation({
      source: target,
      type: backward,
      target: source,
    }),
  );
}
