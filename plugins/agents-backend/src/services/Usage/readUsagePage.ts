import { UsageRejectionCause } from '@agentdeck/plugin-agents-common';
import { PodProxy } from '../types';
import { parseExposition } from './exposition';
import {
  checkCounters,
  extractCounters,
  PodCounters,
  USAGE_METRIC_NAMES,
} from './podCounters';
import { PodKey } from './podCountersTable';
import { UsageSettings } from './types';
import { PodMetricsLimits } from './usageLimits';

/**
 * Reads one pod's `/metrics` within the limits: only the usage metric names
 * are parsed, and a page past a limit or with counters that are not numbers
 * is refused as a whole, before anything reaches the database.
 */
export async function readUsagePage(
  podProxy: PodProxy,
  key: PodKey,
  settings: UsageSettings['podMetrics'],
  limits: PodMetricsLimits,
): Promise<{ counters: PodCounters } | { refused: UsageRejectionCause }> {
  const res = await podProxy
    .get({
      cluster: key.cluster,
      namespace: key.namespace,
      pod: key.pod,
      port: settings.port,
      path: settings.path,
      timeoutMs: 5000,
      maxBytes: limits.maxBytes,
    })
    .catch((e: Error) => {
      if (e.name === 'ResponseTooLargeError') return undefined;
      throw e;
    });
  if (res && res.status !== 200)
    throw new Error(`/metrics answered ${res.status}`);
  // checked here too: not every proxy enforces maxBytes
  if (!res || res.body.length > limits.maxBytes)
    return { refused: 'too-large' };
  const exp = parseExposition(res.body, {
    names: USAGE_METRIC_NAMES,
    limits: {
      maxSeries: limits.maxSeriesPerPod,
      maxLabels: limits.maxLabelsPerSeries,
      maxLabelValueLength: limits.maxLabelValueLength,
    },
  });
  if (exp.rejected) return { refused: exp.rejected };
  const counters = extractCounters(exp);
  const refused = checkCounters(counters);
  return refused ? { refused } : { counters };
}
