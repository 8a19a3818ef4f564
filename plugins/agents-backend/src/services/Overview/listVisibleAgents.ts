import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AGENT_KIND, isAgentEntity } from '@agentdeck/plugin-agents-common';

// The catalog matches spec fields literally, and entities write refs in
// short or full form: ask for every spelling, the service filters exactly.
function spellings(ref: string, kind: string): string[] {
  try {
    const r = parseEntityRef(ref, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
    // short forms are relative to the entity's own namespace, which can be any:
    // a `payments` Agent owned by `billing-team` means group:payments/billing-team
    return [
      `${r.kind}:${r.namespace}/${r.name}`,
      `${r.namespace}/${r.name}`,
      `${r.kind}:${r.name}`,
      r.name,
    ];
  } catch {
    return [ref];
  }
}

/**
 * Agent entities the caller may see, read with the caller's credentials so
 * the catalog's own permission rules decide.
 * @public
 */
export async function listVisibleAgents(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  filter: { owner?: string; system?: string } = {},
): Promise<Entity[]> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: AGENT_KIND,
        ...(filter.owner
          ? { 'spec.owner': spellings(filter.owner, 'group') }
          : {}),
        ...(filter.system
          ? { 'spec.system': spellings(filter.system, 'system') }
          : {}),
      },
      fields: ['apiVersion', 'kind', 'metadata', 'spec'],
    },
    { credentials },
  );
  return items.filter(isAgentEntity);
}
