import { useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';

/** Returns a function giving the Agent tab's URL of an agent entity ref. */
export function useAgentLink(): (entityRef: string) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return (entityRef: string) => {
    const { namespace, name } = parseEntityRef(entityRef, {
      defaultKind: 'agent',
    });
    const base = entityRoute({ namespace, kind: 'agent', name });
    return `${base.replace(/\/$/, '')}/agent`;
  };
}
