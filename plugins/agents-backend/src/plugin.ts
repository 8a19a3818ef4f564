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
import { readAgentsConfig } from './config';
import {
  createClusterCache,
  createPodProxy,
  readClusterSource,
} from './services/ClusterCache';
import {
  createPrometheusReadiness,
  createReadinessService,
} from './services/Readiness';
import { createAgentStatusService } from './services/AgentStatus';
import { createEntityAccess } from './services/EntityAccess';
import { createDiscoveryService } from './services/Discovery';
import { createAgentCardService } from './services/AgentCard';
import { createDriftService } from './services/Drift';
import { shareReadiness, shareViewedAgents } from './services/Replicas';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createHealthFacts } from './services/AgentStatus/healthFacts';
import {
  createBudgetBurn,
  scheduleAgentNotifications,
} from './services/Notifications';
import { registerAgentActions } from './services/Actions';
import {
  createTemplateRecordReader,
  createTemplateVersions,
  createUpdateProposer,
  scheduleUpdateProposals,
} from './services/Templates';
import {
  createHistoryStore,
  createScalingHistoryCollector,
  createScalingHistoryService,
  getMigratedClient,
} from './services/ScalingHistory';
import {
  createOverviewService,
  createUsageSummary,
  listVisibleAgents,
} from './services/Overview';
import {
  budgetPodProxy,
  createRequestBudget,
  createViewedAgents,
} from './services/RequestBudget';
import {
  createPodMetricsSampler,
  createPodMetricsStore,
  createPodMetricsUsageReader,
  createPrometheusClient,
  createPrometheusUsageReader,
  createUsageService,
} from './services/Usage';

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
        urlReader: coreServices.urlReader,
        pluginDiscovery: coreServices.discovery,
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
        urlReader,
        pluginDiscovery,
      }) {
        // without this the permission backend and policy UIs never learn the plugin's permissions
        permissionsRegistry.addPermissions(agentsPermissions);
        const settings = readAgentsConfig(config);
        const knex = await getMigratedClient(database);
        const clusters = readClusterSource({
          config,
          logger,
          catalog,
          auth,
          authStrategies,
        });
        const cache = createClusterCache({
          ...clusters,
          timing: settings.cache,
          logger,
          discovery: settings.discovery,
        });
        const listAgents = async () =>
          listVisibleAgents(catalog, await auth.getOwnServiceCredentials());
        // agents no catalog entity claims: from the watch cache, claims read with the summary below
        const discovery = createDiscoveryService({
          cache,
          listAgents,
          settings: settings.discovery,
        });
        const budget = createRequestBudget(settings.requestBudget);
        // marks from every replica reach the one doing the background work
        const viewedMs = settings.requestBudget.viewedSeconds * 1000;
        const viewed = shareViewedAgents(createViewedAgents(viewedMs), {
          knex,
          logger,
          windowMs: viewedMs,
        });
        // the only pod proxy: readiness and usage sampling both wait for the cluster's budget
        const podProxy = budgetPodProxy(budget, createPodProxy(cache.clientOf));
        // from Prometheus when configured: then readiness sends nothing through the pod proxy
        const perReplica = settings.readiness.prometheus
          ? createPrometheusReadiness({
              cache,
              settings: settings.readiness,
              logger,
              listAgents,
            })
          : createReadinessService({
              cache,
              proxy: podProxy,
              settings: settings.readiness,
              logger,
              listAgents,
              viewed,
            });
        // one replica at a time does the work; every replica answers from its results
        const readiness = shareReadiness(perReplica, { knex, cache, logger });
        const agentStatus = createAgentStatusService({ cache, readiness });
        // read on demand, once per rollout: nothing for agents nobody opens
        const agentCards = createAgentCardService({
          cache,
          proxy: podProxy,
          settings: settings.cards,
          logger,
          viewed,
        });
        const entityAccess = createEntityAccess({ catalog, permissions });

        lifecycle.addStartupHook(() => {
          cache.start();
          readiness.start();
          viewed.start();
        });
        lifecycle.addShutdownHook(async () => {
          await agentCards.stop();
          await readiness.stop();
          await viewed.stop();
          budget.stop();
          await cache.stop();
        });

        // Scaling history: collection and housekeeping are `global` tasks, so
        // with several backend replicas on one database exactly one runs them.
        const { history } = settings;
        const historyStore = createHistoryStore(knex);
        const collector = createScalingHistoryCollector({
          store: historyStore,
          status: agentStatus,
          logger,
          options: {
            retentionDays: history.retentionDays,
            heartbeatMs: history.heartbeatMinutes * 60_000,
          },
        });
        await scheduler.scheduleTask({
          id: 'agents-scaling-history',
          frequency: { seconds: history.intervalSeconds },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: async () => void (await collector.collect(await listAgents())),
        });

        // Usage: from Prometheus when configured, else sampled from the pods
        // through the budget, agents someone has open first.
        const { usage } = settings;
        const podStore = createPodMetricsStore(knex);
        const sampler = createPodMetricsSampler({
          store: podStore,
          status: agentStatus,
          podProxy,
          logger,
          settings: usage.podMetrics,
          plausibility: usage.plausibility,
          viewed,
        });
        const usageReader = usage.prometheus
          ? createPrometheusUsageReader(
              createPrometheusClient({ ...usage.prometheus, logger }),
              usage.prometheus.selectorLabel,
              usage.plausibility,
            )
          : createPodMetricsUsageReader(podStore, sampler.coverage);
        if (!usage.prometheus) {
          await scheduler.scheduleTask({
            id: 'agents-usage-pod-metrics',
            frequency: { seconds: usage.podMetrics.sampleIntervalSeconds },
            timeout: { minutes: 5 },
            // On the replica that fetches readiness, whichever it is: all pod-proxy work in
            // one replica keeps the replicas together within one request budget per cluster.
            scope: 'local',
            // a pass the budget stretches past the timeout stops; the next starts with those it missed
            fn: async abortSignal => {
              if ((await readiness.fetchesHere?.()) === false) return;
              await sampler.sample(
                await listAgents(),
                abortSignal,
                discovery.sampleTargets(),
              );
            },
          });
        }
        await scheduler.scheduleTask({
          id: 'agents-history-housekeeping',
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          scope: 'global',
          fn: async () => {
            const removed =
              (await collector.cleanup()) +
              (await sampler.cleanup(history.retentionDays));
            logger.info(
              `Agents housekeeping removed ${removed} rows past retention`,
            );
          },
        });

        // Every replica keeps its own usage summary in memory, so this task is local.
        const summary = createUsageSummary({
          reader: usageReader,
          prices: usage.prices,
          listAgents,
          listUnregistered: () => discovery.usageTargets(),
        });
        // the Templates' current versions, for the overview rows' "behind"
        const templateVersions = createTemplateVersions({ catalog, auth });
        await scheduler.scheduleTask({
          id: 'agents-usage-summary',
          frequency: { seconds: settings.overview.refreshSeconds },
          timeout: { minutes: 2 },
          scope: 'local',
          fn: async () => {
            // what claims a workload first: the summary sums the unregistered agents too
            await discovery
              .refresh()
              .catch(e =>
                logger.warn(
                  `Could not read the catalog's Agents for discovery: ${e}`,
                ),
              );
            await summary.refresh();
            await templateVersions
              .refresh()
              .catch(e =>
                logger.warn(`Could not read the catalog's Templates: ${e}`),
              );
          },
        });

        // what agents' repositories record, read when "Propose update" needs it
        const templateRecords = createTemplateRecordReader({
          reader: urlReader,
          logger,
        });
        await scheduleUpdateProposals(
          settings.templateUpdates,
          scheduler,
          createUpdateProposer({
            listAgents,
            auth,
            discovery: pluginDiscovery,
            versions: templateVersions,
            records: templateRecords,
            knex,
            logger,
          }),
        );

        const services = {
          scalingHistory: createScalingHistoryService({
            store: historyStore,
            retentionDays: history.retentionDays,
          }),
          usage: createUsageService({
            reader: usageReader,
            prices: usage.prices,
          }),
          overview: createOverviewService({
            status: agentStatus,
            summary,
            readiness,
            discovery,
            templates: templateVersions,
          }),
        };
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            entityAccess,
            agentStatus,
            catalog,
            viewed,
            agentCards,
            templateRecords,
            // the repository's overlays read through the UrlReader, compared with the watch cache
            drift: createDriftService({ cache, reader: urlReader, logger }),
            ...services,
          }),
        );

        const budgetBurn = createBudgetBurn({
          reader: usageReader,
          prices: usage.prices,
        });
        await scheduleAgentNotifications({
          settings: settings.notifications,
          logger,
          scheduler,
          knex,
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
          ...services,
        });
      },
    });
  },
});
