import { useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';

/** Returns a function giving the Agent tab's URL of an agent entity ref. */
export function useAgentLink(): (entityRef: string) => string {
  let entityRoute: ((p: { namespace: string; kind: string; name: string }) => string) | undefined;
  try {
    entityRoute = useRouteRef(entityRouteRef);
  } catch {
    // Outside an app that mounts the catalog; fall back to its default path.
    entityRoute = undefined;
  }
  return (entityRef: string) => {
    const { namespace, name } = parseEntityRef(entityRef, { defaultKind: 'agent' });
    const params = { namespace, kind: 'agent', name };
    const base = entityRoute
      ? entityRoute(params)
      : `/catalog/${namespace}/agent/${name}`;
    return `${base.replace(/\/$/, '')}/agent`;
  };
}
