import { UsageResponse } from '@agentdeck/plugin-agents-common';
import { formatAge, formatUsd } from '../common';

const KIND = {
  prometheus: 'Prometheus',
  'pod-metrics': "the pods' /metrics",
  none: 'no source',
};

/**
 * "from the pods' /metrics, sampled 6 min ago; prices: openai/gpt-4o $2.50 in / $10.00 out per 1M tokens"
 */
export function usageSourceLine(usage: UsageResponse): string {
  let line = `from ${KIND[usage.source.kind]}`;
  if (usage.source.metric) line += `, ${usage.source.metric}`;
  const sampled = Date.parse(usage.sampledAt ?? '');
  // the pods are sampled in the background, within the clusters' request budget
  if (!Number.isNaN(sampled))
    line += `, sampled ${formatAge((Date.parse(usage.to) - sampled) / 1000)}`;
  if (usage.prices.length) {
    const prices = usage.prices
      .map(
        p =>
          `${p.model} ${formatUsd(p.inputPerMillionUsd)} in / ${formatUsd(
            p.outputPerMillionUsd,
          )} out`,
      )
      .join(', ');
    line += `; prices: ${prices} per 1M tokens`;
  }
  return line;
}
