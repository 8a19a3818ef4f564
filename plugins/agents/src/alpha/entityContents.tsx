import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** The Agent tab on `Agent` entity pages. @alpha */
export const agentEntityContent = EntityContentBlueprint.make({
  name: 'agent',
  params: {
    path: '/agent',
    title: 'Agent',
    filter: { kind: 'agent' },
    loader: () =>
      import('../components/AgentContent').then(m => <m.AgentContent />),
  },
});
