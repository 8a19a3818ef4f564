import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { agentsPermissions } from '@agentdeck/plugin-agents-common';
import {
  agentsKubernetesAuthStrategyExtensionPoint,
  AuthenticationStrategy,
} from '@agentdeck/plugin-agents-node';
import { createRouter } from './router';
import {
  createClusterCache,
  createPodProxy,
  readCacheTiming,
  readClusterSource,
} from './services/ClusterCache';
import {
  createReadinessService,
  readReadinessSettings,
} from './services/Readiness';
import { createAgentStatusService } from './services/AgentStatus';
import { createEntityAccess } from './services/EntityAccess';
import { createHistoryAndUsage } from './services/createHistoryAndUsage';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createHealthFacts } from './services/AgentStatus/healthFacts';
import {
  createBudgetBurn,
  scheduleAgentNotifications,
} from './services/Notifications';
import { registerAgentActions } from './services/Actions';
import { getMigratedClient } from './services/ScalingHistory';
import { listVisibleAgents } from './services/Overview';
import {
  budgetPodProxy,
  createRequestBudget,
  createViewedAgents,
  readRequestBudgetSettings,
} from './services/RequestBudget';

/**
 * AgentDeck backend plugin: live health, readiness and autoscaling of Agent entities.
 *
 * @public
 */
export const agentsPlugin = createBackendPlugin({
  pluginId: 'agents',
  register(env) {
    // custom strategies, as given to the Kubernetes plugin's own extension point
    const authStrategies = new Map<string, AuthenticationStrategy>();
    env.registerExtensionPoint(agentsKubernetesAuthStrategyExtensionPoint, {
      addAuthStrategy: (key, strategy) =>
        void authStrategies.set(key, strategy),
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        lifecycle,
        catalog,
        database,
        scheduler,
        auth,
        notifications,
        actionsRegistry,
      }) {
        // without this the permission backend and policy UIs never learn the plugin's permissions
        permissionsRegistry.addPermissions(agentsPermissions);
        const clusters = readClusterSource({
          config,
          logger,
          catalog,
          auth,
          authStrategies,
        });
        const cache = createClusterCache({
          ...clusters,
          timing: readCacheTiming(config),
          logger,
        });
        const listAgents = async () =>
          listVisibleAgents(catalog, await auth.getOwnServiceCredentials());
        const budgetSettings = readRequestBudgetSettings(config);
        const budget = createRequestBudget(budgetSettings);
        const viewed = createViewedAgents(budgetSettings.viewedSeconds * 1000);
        // the only pod proxy: readiness and usage sampling both wait for the cluster's budget
        const podProxy = budgetPodProxy(budget, createPodProxy(cache.clientOf));
        const readiness = createReadinessService({
          cache,
          proxy: podProxy,
          settings: readReadinessSettings(config),
          logger,
          listAgents,
          viewed,
        });
        const agentStatus = createAgentStatusService({ cache, readiness });
        const entityAccess = createEntityAccess({ catalog, permissions });

        lifecycle.addStartupHook(() => {
          cache.start();
          readiness.start();
        });
        lifecycle.addShutdownHook(async () => {
          await readiness.stop();
          budget.stop();
          await cache.stop();
        });

        const partTwo = await createHistoryAndUsage({
          config,
          logger,
          database,
          scheduler,
          auth,
          catalog,
          agentStatus,
          podProxy,
          readiness,
          viewed,
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            entityAccess,
            agentStatus,
            catalog,
            viewed,
            ...partTwo,
          }),
        );

        const budgetBurn = createBudgetBurn({
          reader: partTwo.usageReader,
          prices: partTwo.prices,
        });
        await scheduleAgentNotifications({
          config,
          logger,
          scheduler,
          knex: await getMigratedClient(database),
          notifications,
          healthFacts: createHealthFacts(cache),
          budgetBurn,
          catalog,
          auth,
        });
        registerAgentActions({
          actionsRegistry,
          catalog,
          permissions,
          entityAccess,
          agentStatus,
          budgetBurn,
          ...partTwo,
        });
      },
    });
  },
});
