import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { billingAgentSpec } from './exampleSpecs';

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
            spec: billingAgentSpec(['dev', 'production']),
          },
        },
      ],
    }),
  },
];
