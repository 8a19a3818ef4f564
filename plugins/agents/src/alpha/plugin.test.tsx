import { screen } from '@testing-library/react';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { agentsApiRef } from '../api';
import { fakeAgentsApi } from '../__testUtils__/render';
import { agentEntity } from '../__testUtils__/fixtures';
import plugin from './index';
import { agentEntityContent } from './entityContents';
import { agentHealthEntityCard, groupAgentsEntityCard } from './entityCards';
import { agentsPage } from './pages';

const apis = [[agentsApiRef, fakeAgentsApi()]] as const;
const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('agents plugin (new frontend system)', () => {
  it('is the agents plugin', () => {
    expect(plugin.pluginId).toBe('agents');
    for (const id of [
      'api:agents',
      'page:agents',
      'entity-content:agents/agent',
      'entity-card:agents/health',
      'entity-card:agents/group-agents',
    ] as const) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
  });

  it('adds the Agent tab to Agent entities only', async () => {
    const tester = createExtensionTester(agentEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/agent');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Agent');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(agentEntity())).toBe(true);
    expect(
      filter?.({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
      }),
    ).toBe(false);

    renderInTestApp(
      <EntityProvider entity={agentEntity()}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis, mountedRoutes },
    );
    expect(await screen.findByText('Agent health')).toBeInTheDocument();
    expect(await screen.findByTestId('readiness-summary')).toHaveTextContent(
      'All 3 pods ready.',
    );
  });

  it('renders the Agents page at /agents with a title and icon for the nav', async () => {
    const tester = createExtensionTester(agentsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/agents');
    expect(tester.get(coreExtensionData.title)).toBe('Agents');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    renderInTestApp(tester.reactElement(), { apis, mountedRoutes });
    expect(await screen.findByText('Agents (3)')).toBeInTheDocument();
  });

  it('puts the health card on Agent pages and the agents card on Group pages', async () => {
    const health = createExtensionTester(agentHealthEntityCard);
    expect(
      health.get(EntityCardBlueprint.dataRefs.filterFunction)?.(agentEntity()),
    ).toBe(true);
    const group = createExtensionTester(groupAgentsEntityCard);
    const groupEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'billing-team' },
    };
    expect(
      group.get(EntityCardBlueprint.dataRefs.filterFunction)?.(groupEntity),
    ).toBe(true);
    expect(
      group.get(EntityCardBlueprint.dataRefs.filterFunction)?.(agentEntity()),
    ).toBe(false);

    renderInTestApp(
      <EntityProvider entity={agentEntity()}>
        {health.reactElement()}
      </EntityProvider>,
      { apis, mountedRoutes },
    );
    expect(await screen.findByText('healthy')).toBeInTheDocument();
  });
});
