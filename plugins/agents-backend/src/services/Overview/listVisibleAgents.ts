import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AGENT_KIND, isAgentEntity } from '@agentdeck/plugin-agents-common';

// The catalog matches spec fields literally, and entities write refs in
// short or full form: ask for every spelling, the service filters exactly.
function spellings(ref: string, kind: string): string[] {
  try {
    const r = parseEntityRef(ref, { defaultKind: kind, defaultNamespace: 'default' });
    const forms = [`${r.kind}:${r.namespace}/${r.name}`, `${r.namespace}/${r.name}`];
    if (r.namespace === 'default') forms.push(`${r.kind}:${r.name}`, r.name);
    return [...new Set(forms)];
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
        ...(filter.owner ? { 'spec.owner': spellings(filter.owner, 'group') } : {}),
        ...(filter.system ? { 'spec.system': spellings(filter.system, 'system') } : {}),
      },
      fields: ['apiVersion', 'kind', 'metadata', 'spec'],
    },
    { credentials },
  );
  return items.filter(isAgentEntity);
}
