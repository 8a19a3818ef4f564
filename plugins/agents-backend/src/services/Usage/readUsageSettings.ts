import { Config } from '@backstage/config';
import { ModelPrice } from '@agentdeck/plugin-agents-common';
import { UsageSettings } from './types';
import { DEFAULT_PLAUSIBILITY } from './usageLimits';

/** Reads `agents.usage` with its defaults. @public */
export function readUsageSettings(config: Config): UsageSettings {
  const usage = config.getOptionalConfig('agents.usage');
  const prom = usage?.getOptionalConfig('prometheus');
  const baseUrl = prom?.getOptionalString('baseUrl');
  const prices: ModelPrice[] = (
    usage?.getOptionalConfigArray('prices') ?? []
  ).map(p => ({
    model: p.getString('model'),
    inputPerMillionUsd: p.getNumber('inputPerMillionUsd'),
    outputPerMillionUsd: p.getNumber('outputPerMillionUsd'),
  }));
  const pod = usage?.getOptionalConfig('podMetrics');
  const plausible = usage?.getOptionalConfig('plausibility');
  return {
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
  };
}
