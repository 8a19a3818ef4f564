import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** Health card on the overview of `Agent` entity pages. @alpha */
export const agentHealthEntityCard = EntityCardBlueprint.make({
  name: 'health',
  params: {
    type: 'content',
    filter: { kind: 'agent' },
    loader: () =>
      import('../components/AgentHealth').then(m => <m.AgentHealthCard />),
  },
});

/** The group's agents and their totals on `Group` entity pages. @alpha */
export const groupAgentsEntityCard = EntityCardBlueprint.make({
  name: 'group-agents',
  params: {
    type: 'content',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupAgentsCard').then(m => <m.GroupAgentsCard />),
  },
});
