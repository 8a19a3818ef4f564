import { UsageResponse } from '@agentdeck/plugin-agents-common';
import { formatUsd } from '../common';

const KIND = { prometheus: 'Prometheus', 'pod-metrics': "the pods' /metrics", none: 'no source' };

/** "from Prometheus, llm_tokens_total; prices: openai/gpt-4o $2.50 in / $10.00 out per 1M tokens" */
export function usageSourceLine(usage: UsageResponse): string {
  let line = `from ${KIND[usage.source.kind]}`;
  if (usage.source.metric) line += `, ${usage.source.metric}`;
  if (usage.prices.length) {
    const prices = usage.prices
      .map(p => `${p.model} ${formatUsd(p.inputPerMillionUsd)} in / ${formatUsd(p.outputPerMillionUsd)} out`)
      .join(', ');
    line += `; prices: ${prices} per 1M tokens`;
  }
  return line;
}
