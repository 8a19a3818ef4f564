import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { AgentEntityV1alpha1 } from '@agentdeck/plugin-agents-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';

/** Finds an Agent the caller may see and is allowed to read. */
export interface EntityAccessService {
  /**
   * Throws NotFoundError when the catalog does not show the entity to the
   * caller or it is not an Agent, NotAllowedError when the permission is denied.
   */
  getAgent(
    ref: { namespace: string; name: string },
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<AgentEntityV1alpha1>;
}
