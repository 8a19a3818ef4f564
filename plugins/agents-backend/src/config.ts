import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ModelPrice } from '@agentdeck/plugin-agents-common';
import { AgentCardSettings } from './services/AgentCard';
import { CacheTiming } from './services/ClusterCache';
import { DiscoverySettings } from './services/Discovery';
import { isValidLabelSelector } from './services/AgentStatus/selector';
import { NotificationSettings } from './services/Notifications';
import { ReadinessSettings } from './services/Readiness';
import { readReadinessSource } from './services/Readiness/readinessSource';
import { RequestBudgetSettings } from './services/RequestBudget';
import { HistorySettings } from './services/ScalingHistory';
import { TemplateUpdateSettings } from './services/Templates';
import { UsageSettings } from './services/Usage';
import { DEFAULT_PLAUSIBILITY } from './services/Usage/usageLimits';

/** Everything the plugin reads from `agents.*` (see config.d.ts), with defaults applied. */
export interface AgentsConfig {
  cache: CacheTiming;
  requestBudget: RequestBudgetSettings;
  readiness: ReadinessSettings;
  history: HistorySettings;
  usage: UsageSettings;
  notifications: NotificationSettings;
  overview: { refreshSeconds: number };
  discovery: DiscoverySettings;
  cards: AgentCardSettings;
  templateUpdates: TemplateUpdateSettings;
}

/**
 * Reads the plugin's configuration once, at startup. A value that would make
 * the plugin silently useless is a startup error naming the key.
 */
export function readAgentsConfig(root: Config): AgentsConfig {
  const agents = root.getOptionalConfig('agents');
  const section = (key: string) => agents?.getOptionalConfig(key);
  const checked = (key: string, value: number, ok: boolean, rule: string) => {
    if (!ok || !Number.isFinite(value))
      throw new InputError(`agents.${key} must be ${rule}, got ${value}`);
    return value;
  };

  const proposalMinutes =
    section('templateUpdates')?.getOptionalNumber('intervalMinutes') ?? 360;
  checked(
    'templateUpdates.intervalMinutes',
    proposalMinutes,
    proposalMinutes >= 1,
    'at least 1',
  );

  const cache = section('cache');
  const budget = section('requestBudget');
  const readiness = section('readiness');
  const history = section('history');
  const usage = section('usage');
  const prom = usage?.getOptionalConfig('prometheus');
  const pod = usage?.getOptionalConfig('podMetrics');
  const plausible = usage?.getOptionalConfig('plausibility');
  const notices = section('notifications');
  const baseUrl = prom?.getOptionalString('baseUrl');
  const qps = budget?.getOptionalNumber('qps') ?? 5;
  const burst = budget?.getOptionalNumber('burst') ?? 10;

  const thresholds = notices?.getOptional('budget.thresholdsPercent') ?? [
    50, 80, 100,
  ];
  if (
    !Array.isArray(thresholds) ||
    thresholds.some(t => typeof t !== 'number' || !Number.isFinite(t) || t <= 0)
  ) {
    throw new InputError(
      'agents.notifications.budget.thresholdsPercent must hold positive numbers',
    );
  }
  const prices: ModelPrice[] = (
    usage?.getOptionalConfigArray('prices') ?? []
  ).map(p => ({
    model: p.getString('model'),
    inputPerMillionUsd: p.getNumber('inputPerMillionUsd'),
    outputPerMillionUsd: p.getNumber('outputPerMillionUsd'),
  }));

  return {
    cache: {
      requestTimeoutMs: cache?.getOptionalNumber('requestTimeoutMs') ?? 15000,
      watchTimeoutSeconds:
        cache?.getOptionalNumber('watchTimeoutSeconds') ?? 300,
      backoffMinMs: cache?.getOptionalNumber('backoffMinMs') ?? 500,
      backoffMaxMs: cache?.getOptionalNumber('backoffMaxMs') ?? 30000,
      maxListBytes: cache?.getOptionalNumber('maxListBytes') ?? 64 * 1024 ** 2,
      absentRetryMs: cache?.getOptionalNumber('absentRetryMs') ?? 300000,
      // API servers send a bookmark about once a minute: two missed ones and some slack
      silenceMs: (cache?.getOptionalNumber('silenceSeconds') ?? 150) * 1000,
    },
    // client-go's defaults; a budget of nothing would hold readiness and usage back forever
    requestBudget: {
      qps: checked('requestBudget.qps', qps, qps > 0, 'above 0'),
      burst: checked('requestBudget.burst', burst, burst >= 1, 'at least 1'),
      viewedSeconds: budget?.getOptionalNumber('viewedSeconds') ?? 180,
    },
    readiness: {
      intervalSeconds: readiness?.getOptionalNumber('intervalSeconds') ?? 30,
      readyIntervalSeconds:
        readiness?.getOptionalNumber('readyIntervalSeconds') ?? 300,
      timeoutMs: readiness?.getOptionalNumber('timeoutMs') ?? 3000,
      maxBytes: readiness?.getOptionalNumber('maxBytes') ?? 64 * 1024,
      concurrency: readiness?.getOptionalNumber('concurrency') ?? 4,
      maxPerAgent: readiness?.getOptionalNumber('maxPerAgent'),
      // Prometheus when configured (agents.readiness.source): then no pod-proxy requests
      prometheus: readReadinessSource(readiness, prom),
    },
    history: {
      retentionDays: history?.getOptionalNumber('retentionDays') ?? 30,
      intervalSeconds: history?.getOptionalNumber('intervalSeconds') ?? 30,
      heartbeatMinutes: history?.getOptionalNumber('heartbeatMinutes') ?? 10,
    },
    usage: {
      ...(baseUrl
        ? {
            prometheus: {
              baseUrl,
              timeoutMs: prom?.getOptionalNumber('timeoutMs') ?? 5000,
              selectorLabel: prom?.getOptionalString('selectorLabel'),
            },
          }
        : {}),
      prices,
      podMetrics: {
        port: pod?.getOptional<number | string>('port') ?? 8000,
        path: pod?.getOptionalString('path') ?? '/metrics',
        sampleIntervalSeconds:
          pod?.getOptionalNumber('sampleIntervalSeconds') ?? 60,
        maxBytes: pod?.getOptionalNumber('maxBytes'),
        maxSeriesPerPod: pod?.getOptionalNumber('maxSeriesPerPod'),
        maxLabelValueLength: pod?.getOptionalNumber('maxLabelValueLength'),
        maxLabelsPerSeries: pod?.getOptionalNumber('maxLabelsPerSeries'),
      },
      plausibility: {
        maxTokensPerPodPerMinute:
          plausible?.getOptionalNumber('maxTokensPerPodPerMinute') ??
          DEFAULT_PLAUSIBILITY.maxTokensPerPodPerMinute,
        maxCostUsdPerPodPerMinute:
          plausible?.getOptionalNumber('maxCostUsdPerPodPerMinute') ??
          DEFAULT_PLAUSIBILITY.maxCostUsdPerPodPerMinute,
      },
    },
    notifications: {
      enabled: notices?.getOptionalBoolean('enabled') ?? true,
      intervalSeconds: notices?.getOptionalNumber('intervalSeconds') ?? 60,
      budgetThresholds: [...new Set(thresholds as number[])].sort(
        (a, b) => a - b,
      ),
      projectedOverrun:
        notices?.getOptionalBoolean('budget.projectedOverrun') ?? true,
      downMinutes: notices?.getOptionalNumber('health.downMinutes') ?? 10,
      scalingLimitedMinutes:
        notices?.getOptionalNumber('health.scalingLimitedMinutes') ?? 30,
    },
    discovery: readDiscovery(section('discovery')),
    overview: {
      refreshSeconds:
        section('overview')?.getOptionalNumber('refreshSeconds') ?? 60,
    },
    cards: {
      timeoutMs: section('cards')?.getOptionalNumber('timeoutMs') ?? 5000,
      maxBytes: section('cards')?.getOptionalNumber('maxBytes') ?? 64 * 1024,
    },
    templateUpdates: {
      propose:
        section('templateUpdates')?.getOptionalBoolean('propose') ?? false,
      intervalMinutes: proposalMinutes,
    },
  };
}

/** `agents.discovery`; a selector that does not parse is a startup error. */
function readDiscovery(discovery: Config | undefined): DiscoverySettings {
  const selector = discovery?.getOptionalString('selector')?.trim();
  if (selector && !isValidLabelSelector(selector))
    throw new InputError(
      `agents.discovery.selector must be a label selector, got "${selector}"`,
    );
  return {
    ...(selector ? { selector } : {}),
    ownerKeys: discovery?.getOptionalStringArray('ownerKeys') ?? [
      'agentdeck.io/owner',
      'backstage.io/owner',
      'team',
    ],
  };
}
