import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AgentsApi, agentsApiRef } from '../api';
import { agentCard, overview, scalingHistory, status, usage } from './fixtures';

/** A fake AgentsApi answering with the fixtures unless told otherwise. */
export function fakeAgentsApi(
  overrides: Partial<jest.Mocked<AgentsApi>> = {},
): jest.Mocked<AgentsApi> {
  return {
    getStatus: jest.fn().mockResolvedValue(status()),
    getCard: jest.fn().mockResolvedValue(agentCard()),
    getTemplate: jest.fn().mockResolvedValue({}),
    getDrift: jest.fn().mockResolvedValue({ environments: [] }),
    getScalingHistory: jest.fn().mockResolvedValue(scalingHistory),
    getUsage: jest.fn().mockResolvedValue(usage()),
    getOverview: jest.fn().mockResolvedValue(overview),
    ...overrides,
  };
}

/** Renders an element in a test app with the fake API and, optionally, an entity. */
export function renderWithApi(
  element: ReactElement,
  options: { api: AgentsApi; entity?: Entity },
) {
  const wrapped = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(wrapped, {
    apis: [[agentsApiRef, options.api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}
