import { createPermission } from '@backstage/plugin-permission-common';

const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

/**
 * Reading an agent's live health, readiness and scaling. Checked on top of
 * catalog visibility: callers who cannot see the entity never get this far.
 * @public
 */
export const agentsHealthReadPermission = createPermission({
  name: 'agents.health.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Reading an agent's LLM token use and cost. @public */
export const agentsUsageReadPermission = createPermission({
  name: 'agents.usage.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Seeing the agents no catalog entity claims (the overview's `unregistered`
 * list and their share of the owners' totals): their cluster, namespace,
 * name, likely owner, health, replicas and 24 h usage. A basic permission:
 * having no entity, they have no catalog visibility to build on, so the
 * policy decides for all of them at once.
 * @public
 */
export const agentsUnregisteredReadPermission = createPermission({
  name: 'agents.unregistered.read',
  attributes: { action: 'read' },
});

/** All AgentDeck permissions. @public */
export const agentsPermissions = [
  agentsHealthReadPermission,
  agentsUsageReadPermission,
  agentsUnregisteredReadPermission,
];
