import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { billingAgentSpec } from './exampleSpecs';

/** Examples shown in the action's documentation and run by its tests. */
export const examples: TemplateExample[] = [
  {
    description:
      'HTTP API agent with an HPA on active requests and an ExternalSecret',
    example: stringify({
      steps: [
        {
          id: 'manifests',
          action: 'agentdeck:manifests:render',
          name: 'Render Kubernetes manifests',
          input: {
            spec: billingAgentSpec(['dev', 'staging', 'production']),
          },
        },
      ],
    }),
  },
  {
    description:
      'Redis queue worker scaled by KEDA, reading an existing Secret',
    example: stringify({
      steps: [
        {
          id: 'manifests',
          action: 'agentdeck:manifests:render',
          name: 'Render Kubernetes manifests',
          input: {
            spec: {
              name: 'invoice-reconciler',
              namespace: 'ai-agents',
              profile: 'embeddings',
              workload: 'redis-worker',
              image: 'ghcr.io/acme/invoice-reconciler:1.2.3',
              models: [{ provider: 'anthropic', name: 'claude-3-5-haiku' }],
              scaling: {
                mode: 'keda',
                minReplicas: 1,
                maxReplicas: 8,
                target: 5,
              },
              checks: ['llm_api', 'queue'],
              dependencies: { queue: 'redis://redis:6379/0' },
              queue: {
                kind: 'redis',
                address: 'redis://redis:6379/0',
                name: 'invoices',
              },
              secrets: { existingSecret: 'invoice-reconciler-llm' },
              environments: ['dev', 'production'],
            },
            targetPath: 'service',
          },
        },
      ],
    }),
  },
];
