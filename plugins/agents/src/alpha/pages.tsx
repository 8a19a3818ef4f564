import { Content } from '@backstage/core-components';
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
    // The app's page layout gives the title; Content gives the page's padding, so the filters
    // do not start under the sidebar.
    loader: () =>
      import('../components/AgentsPage').then(m => (
        <Content>
          <m.AgentsOverview />
        </Content>
      )),
  },
});
