import type { Entity } from '@backstage/catalog-model';

/**
 * An Agent entity as the catalog returns it, in the default namespace. Its
 * pods are found by its name (backstage.io/kubernetes-id) unless
 * `annotations` say otherwise; `spec` adds to or replaces the fields every
 * Agent has (type, lifecycle, owner).
 */
export function agentEntity(
  name: string,
  spec: Record<string, unknown> = {},
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'agentdeck.io/v1alpha1',
    kind: 'Agent',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name, ...annotations },
    },
    spec: {
      type: 'api',
      lifecycle: 'production',
      owner: 'group:default/team-a',
      ...spec,
    },
  };
}
