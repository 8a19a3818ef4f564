import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { agentsApiRef } from '../api';
import { fakeAgentsApi } from '../__testUtils__/render';
import plugin from './index';

describe('agents plugin in an app', () => {
  it('serves the Agents page at /agents', async () => {
    renderTestApp({
      features: [plugin],
      apis: [[agentsApiRef, fakeAgentsApi()]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/agents'],
    });
    expect(await screen.findByText('Agents (3)')).toBeInTheDocument();
    expect(screen.getByText('support-triage-agent')).toBeInTheDocument();
  });
});
