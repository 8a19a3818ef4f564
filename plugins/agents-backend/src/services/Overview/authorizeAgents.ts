import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  agentsHealthReadPermission,
  agentsUsageReadPermission,
} from '@agentdeck/plugin-agents-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** The visible agents the caller may read health of, and which of them hide usage. @public */
export interface AuthorizedAgents {
  entities: Entity[];
  usageDenied: ReadonlySet<string>;
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
  if (entities.length === 0) return { entities: [], usageDenied: new Set() };
  const refs = entities.map(e => stringifyEntityRef(e));
  const decisions = await permissions.authorize(
    refs.flatMap(resourceRef => [
      { permission: agentsHealthReadPermission, resourceRef },
      { permission: agentsUsageReadPermission, resourceRef },
    ]),
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
  return { entities: kept, usageDenied };
}
