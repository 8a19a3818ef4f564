import {
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AgentStatusService,
  OverviewService,
  PodProxy,
  ScalingHistoryService,
  UsageService,
} from './types';
import {
  createHistoryStore,
  createScalingHistoryCollector,
  createScalingHistoryService,
  getMigratedClient,
  readHistorySettings,
} from './ScalingHistory';
import {
  createPodMetricsSampler,
  createPodMetricsStore,
  createPodMetricsUsageReader,
  createPrometheusClient,
  createPrometheusUsageReader,
  createUsageService,
  readUsageSettings,
  UsageReader,
} from './Usage';
import { ModelPrice } from '@agentdeck/plugin-agents-common';
import {
  createOverviewService,
  createUsageSummary,
  listVisibleAgents,
} from './Overview';

/**
 * Builds the history, usage and overview services and schedules their
 * background work. Collection and sampling are `global` tasks: with several
 * backend replicas on one database exactly one runs them.
 * @public
 */
export async function createHistoryAndUsage(deps: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  auth: AuthService;
  catalog: CatalogService;
  agentStatus: AgentStatusService;
  /** Should wait for the request budget: usage sampling goes through it. */
  podProxy: PodProxy;
  /** Counted in the overview where an agent's readiness is older than its target. */
  readiness?: {
    behind(cluster: string, namespace: string, pod: string): boolean;
  };
  /** Agents someone has open, sampled first. */
  viewed?: { has(entityRef: string): boolean };
}): Promise<{
  scalingHistory: ScalingHistoryService;
  usage: UsageService;
  overview: OverviewService;
  /** For background work that needs raw totals (budget notifications), not usage answers. */
  usageReader: UsageReader;
  prices: ModelPrice[];
}> {
  const { config, logger, scheduler, agentStatus } = deps;
  const knex = await getMigratedClient(deps.database);
  const listAgents = async () =>
    listVisibleAgents(deps.catalog, await deps.auth.getOwnServiceCredentials());

  const history = readHistorySettings(config);
  const store = createHistoryStore(knex);
  const collector = createScalingHistoryCollector({
    store,
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

  const settings = readUsageSettings(config);
  const podStore = createPodMetricsStore(knex);
  const sampler = createPodMetricsSampler({
    store: podStore,
    status: agentStatus,
    podProxy: deps.podProxy,
    logger,
    settings: settings.podMetrics,
    plausibility: settings.plausibility,
    viewed: deps.viewed,
  });
  const reader = settings.prometheus
    ? createPrometheusUsageReader(
        createPrometheusClient({ ...settings.prometheus, logger }),
        settings.prometheus.selectorLabel,
        settings.plausibility,
      )
    : createPodMetricsUsageReader(podStore, sampler.coverage);
  if (!settings.prometheus) {
    await scheduler.scheduleTask({
      id: 'agents-usage-pod-metrics',
      frequency: { seconds: settings.podMetrics.sampleIntervalSeconds },
      timeout: { minutes: 5 },
      scope: 'global',
      // a pass the budget stretches past the timeout stops; the next starts with those it missed
      fn: async abortSignal =>
        void (await sampler.sample(await listAgents(), abortSignal)),
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
      logger.info(`Agents housekeeping removed ${removed} rows past retention`);
    },
  });

  const summary = createUsageSummary({
    reader,
    prices: settings.prices,
    listAgents,
  });
  // Every replica keeps its own summary in memory, so this one is local.
  await scheduler.scheduleTask({
    id: 'agents-usage-summary',
    frequency: {
      seconds: config.getOptionalNumber('agents.overview.refreshSeconds') ?? 60,
    },
    timeout: { minutes: 2 },
    scope: 'local',
    fn: () => summary.refresh(),
  });

  return {
    scalingHistory: createScalingHistoryService({
      store,
      retentionDays: history.retentionDays,
    }),
    usage: createUsageService({ reader, prices: settings.prices }),
    overview: createOverviewService({
      status: agentStatus,
      summary,
      readiness: deps.readiness,
    }),
    usageReader: reader,
    prices: settings.prices,
  };
}
