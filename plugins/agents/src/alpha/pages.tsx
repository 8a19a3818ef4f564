import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';
import { AgentsIcon } from './AgentsIcon';

/** The Agents page; its title and icon also make its sidebar entry. @alpha */
export const agentsPage = PageBlueprint.make({
  params: {
    path: '/agents',
    title: 'Agents',
    icon: <AgentsIcon />,
    routeRef: rootRouteRef,
    loader: () => import('../components/AgentsPage').then(m => <m.AgentsOverview />),
  },
});
