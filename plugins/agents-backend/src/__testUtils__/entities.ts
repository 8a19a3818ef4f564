import { Entity } from '@backstage/catalog-model';

/** An Agent entity as the example catalog defines them. */
export function agent(
  name: string,
  annotations: Record<string, string> = { 'backstage.io/kubernetes-id': name },
): Entity {
  return {
    apiVersion: 'agentdeck.io/v1alpha1',
    kind: 'Agent',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'api',
      lifecycle: 'production',
      owner: 'group:default/billing-team',
      models: [{ provider: 'openai', name: 'gpt-4o-mini' }],
      scaling: { mode: 'hpa', minReplicas: 2, maxReplicas: 10 },
    },
  };
}

/** A non-Agent entity carrying the same annotation: must answer 404. */
export const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing-agent',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'billing-agent' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/billing-team',
  },
};
