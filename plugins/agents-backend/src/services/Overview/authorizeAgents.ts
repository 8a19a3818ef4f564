import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  agentsHealthReadPermission,
  agentsUnregisteredReadPermission,
  agentsUsageReadPermission,
} from '@agentdeck/plugin-agents-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** The visible agents the caller may read health of, and which of them hide usage. @public */
export interface AuthorizedAgents {
  entities: Entity[];
  usageDenied: ReadonlySet<string>;
  /** Whether the caller may see the agents no catalog entity claims (agents.unregistered.read). */
  unregisteredAllowed: boolean;
}

/**
 * Applies the plugin permissions on top of catalog visibility, in one batched
 * call so the overview's cost does not grow by a round trip per agent.
 * @public
 */
export async function authorizeAgents(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  entities: Entity[],
): Promise<AuthorizedAgents> {
  const refs = entities.map(e => stringifyEntityRef(e));
  // the last decision: the basic permission on agents that have no entity
  const decisions = await permissions.authorize(
    [
      ...refs.flatMap(resourceRef => [
        { permission: agentsHealthReadPermission, resourceRef },
        { permission: agentsUsageReadPermission, resourceRef },
      ]),
      { permission: agentsUnregisteredReadPermission },
    ],
    { credentials },
  );
  const allowed = (i: number) => decisions[i]?.result === AuthorizeResult.ALLOW;
  const usageDenied = new Set<string>();
  const kept: Entity[] = [];
  entities.forEach((entity, i) => {
    if (!allowed(2 * i)) return;
    kept.push(entity);
    if (!allowed(2 * i + 1)) usageDenied.add(refs[i] as string);
  });
  return {
    entities: kept,
    usageDenied,
    unregisteredAllowed: allowed(2 * entities.length),
  };
}
