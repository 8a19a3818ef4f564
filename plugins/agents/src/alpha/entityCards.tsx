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

/**
 * The A2A card of `Agent` entities: version, interfaces, skills, disagreements
 * with the catalog. The Agent tab shows it; on the overview it is off until an
 * app enables `entity-card:agents/a2a-card`. @alpha
 */
export const agentA2ACardEntityCard = EntityCardBlueprint.make({
  name: 'a2a-card',
  disabled: true,
  params: {
    type: 'content',
    filter: { kind: 'agent' },
    loader: () => import('../components/A2ACard').then(m => <m.AgentA2ACard />),
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
