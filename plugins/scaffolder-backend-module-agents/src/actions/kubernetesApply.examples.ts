import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown in the action's documentation and run by its tests. */
export const examples: TemplateExample[] = [
  {
    description:
      'Apply the dev overlay of an HTTP API agent to the sandbox cluster',
    example: stringify({
      steps: [
        {
          id: 'deploy',
          action: 'agentdeck:kubernetes:apply',
          name: 'Deploy to the sandbox cluster',
          input: {
            owner: 'group:default/billing-team',
            cluster: 'sandbox-eu',
            environment: 'dev',
            spec: {
              name: 'billing-agent',
              namespace: 'ai-agents',
              profile: 'api',
              workload: 'http',
              image: 'ghcr.io/acme/billing-agent:0.1.0',
              models: [{ provider: 'openai', name: 'gpt-4o-mini' }],
              scaling: {
                mode: 'hpa',
                minReplicas: 2,
                maxReplicas: 10,
                target: 8,
              },
              checks: ['llm_api', 'database'],
              dependencies: {
                database: 'postgresql://billing-db:5432/billing',
              },
              egressHosts: ['api.openai.com'],
              ingress: {
                host: 'billing-agent.example.com',
                timeoutSeconds: 300,
              },
              secrets: {
                store: 'vault-backend',
                remoteKey: 'ai-agents/billing-agent',
              },
              environments: ['dev', 'production'],
            },
          },
        },
      ],
    }),
  },
];
