import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AgentsClient, agentsApiRef } from './api';
import { registerAgentTemplateRouteRef, rootRouteRef } from './routes';

/** The AgentDeck frontend plugin for the legacy frontend system. @public */
export const agentsPlugin = createPlugin({
  id: 'agents',
  apis: [
    createApiFactory({
      api: agentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AgentsClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
  // "Register" on an unregistered agent: bind to the scaffolder's selectedTemplate route
  externalRoutes: { registerTemplate: registerAgentTemplateRouteRef },
});

/** The Agents page, for a `<Route path="/agents">`. @public */
export const AgentsPage: () => JSX.Element = agentsPlugin.provide(
  createRoutableExtension({
    name: 'AgentsPage',
    component: () => import('./components/AgentsPage').then(m => m.AgentsPage),
    mountPoint: rootRouteRef,
  }),
);

/** The Agent tab of an `Agent` entity page. @public */
export const EntityAgentContent: () => JSX.Element = agentsPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentContent',
    component: {
      lazy: () => import('./components/AgentContent').then(m => m.AgentContent),
    },
  }),
);

/** Health card for the overview of an `Agent` entity page. @public */
export const EntityAgentHealthCard: () => JSX.Element = agentsPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentHealthCard',
    component: {
      lazy: () =>
        import('./components/AgentHealth').then(m => m.AgentHealthCard),
    },
  }),
);

/** Readiness card (pods x checks) for an `Agent` entity page. @public */
export const EntityAgentReadinessCard: () => JSX.Element = agentsPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentReadinessCard',
    component: {
      lazy: () =>
        import('./components/Readiness').then(m => m.AgentReadinessCard),
    },
  }),
);

/** Scaling card for an `Agent` entity page. @public */
export const EntityAgentScalingCard: () => JSX.Element = agentsPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentScalingCard',
    component: {
      lazy: () => import('./components/Scaling').then(m => m.AgentScalingCard),
    },
  }),
);

/** LLM usage card for an `Agent` entity page. @public */
export const EntityAgentUsageCard: () => JSX.Element = agentsPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentUsageCard',
    component: {
      lazy: () => import('./components/Usage').then(m => m.AgentUsageCard),
    },
  }),
);

/** A2A card (version, interfaces, skills, disagreements with the catalog) for an `Agent` entity page. @public */
export const EntityAgentA2ACard: () => JSX.Element = agentsPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentA2ACard',
    component: {
      lazy: () => import('./components/A2ACard').then(m => m.AgentA2ACard),
    },
  }),
);

/** Card for `Group` entity pages: the group's agents and their totals. @public */
export const EntityGroupAgentsCard: () => JSX.Element = agentsPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupAgentsCard',
    component: {
      lazy: () =>
        import('./components/GroupAgentsCard').then(m => m.GroupAgentsCard),
    },
  }),
);
