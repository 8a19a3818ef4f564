import { PermissionsService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AGENT_KIND, isAgentEntity } from '@agentdeck/plugin-agents-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityAccessService } from './types';

/** Reads the entity with the caller's own credentials, then checks the plugin permission on it. */
export function createEntityAccess(deps: {
  catalog: CatalogService;
  permissions: PermissionsService;
}): EntityAccessService {
  return {
    async getAgent(ref, credentials, permission) {
      const entityRef = stringifyEntityRef({ kind: AGENT_KIND, ...ref });
      const entity = await deps.catalog.getEntityByRef(entityRef, {
        credentials,
      });
      // hidden, missing and non-Agent entities answer alike, so nothing leaks
      if (!entity || !isAgentEntity(entity)) {
        throw new NotFoundError(`No Agent entity ${entityRef}`);
      }
      const [decision] = await deps.permissions.authorize(
        [{ permission, resourceRef: entityRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to read ${permission.name} of ${entityRef}`,
        );
      }
      return entity;
    },
  };
}
