import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown in the action's documentation and run by its tests. */
export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace to a local bare repository and register it',
    example: stringify({
      steps: [
        {
          id: 'publish',
          action: 'agentdeck:publish:local',
          name: 'Publish',
          input: {
            repoUrl: 'github.com?owner=acme&repo=billing-agent',
            description: 'Billing agent',
          },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
];
