import { LoggerService } from '@backstage/backend-plugin-api';
import { UsageRejectionCause } from '@agentdeck/plugin-agents-common';
import { PlausibilityLimits } from './counterPlan';
import { UsageSettings } from './types';

/** Limits of one pod's `/metrics` page, with defaults filled in. @public */
export interface PodMetricsLimits {
  maxBytes: number;
  maxSeriesPerPod: number;
  maxLabelValueLength: number;
  maxLabelsPerSeries: number;
}

const DEFAULT_LIMITS: PodMetricsLimits = {
  maxBytes: 1024 * 1024,
  maxSeriesPerPod: 200,
  maxLabelValueLength: 256,
  maxLabelsPerSeries: 16,
};

/** Generous for any real agent, far below a runaway or lying counter. @public */
export const DEFAULT_PLAUSIBILITY: PlausibilityLimits = {
  maxTokensPerPodPerMinute: 10_000_000,
  maxCostUsdPerPodPerMinute: 100,
};

/** The page limits of `agents.usage.podMetrics`, defaults where unset. @public */
export function podMetricsLimits(
  s: UsageSettings['podMetrics'],
): PodMetricsLimits {
  return {
    maxBytes: s.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxSeriesPerPod: s.maxSeriesPerPod ?? DEFAULT_LIMITS.maxSeriesPerPod,
    maxLabelValueLength:
      s.maxLabelValueLength ?? DEFAULT_LIMITS.maxLabelValueLength,
    maxLabelsPerSeries:
      s.maxLabelsPerSeries ?? DEFAULT_LIMITS.maxLabelsPerSeries,
  };
}

/** Logs each rejected pod once per cause, not at every sample. */
export function createRejectionLog(
  logger: LoggerService,
  limits: PodMetricsLimits,
) {
  const warned = new Set<string>();
  return (what: string, cause: UsageRejectionCause) => {
    const id = `${what} ${cause}`;
    if (warned.has(id)) return;
    if (warned.size > 10_000) warned.clear();
    warned.add(id);
    logger.warn(
      `Usage of ${what} left out: ${describeRejection(cause, limits)}`,
    );
  };
}

/** What a rejection means, for the server log. */
function describeRejection(
  cause: UsageRejectionCause,
  l: PodMetricsLimits,
): string {
  switch (cause) {
    case 'too-large':
      return `its /metrics page is larger than ${l.maxBytes} bytes`;
    case 'too-many-series':
      return `it exposes more than ${l.maxSeriesPerPod} usage series`;
    case 'too-many-labels':
      return `a usage series has more than ${l.maxLabelsPerSeries} labels`;
    case 'label-too-long':
      return `a label value is longer than ${l.maxLabelValueLength} characters (model names: 128)`;
    case 'non-finite':
      return 'a usage counter is not a finite number';
    case 'implausible':
      return 'its usage grew faster than agents.usage.plausibility allows';
    default:
      return 'a usage counter keeps falling back without a container restart';
  }
}
