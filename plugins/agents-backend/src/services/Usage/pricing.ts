import { ModelPrice, ModelUsage } from '@agentdeck/plugin-agents-common';
import { bareModel } from './tokenNamings';
import { RawModelUsage } from './types';

// Metrics say "gpt-4o" where the catalog says "openai/gpt-4o", or the reverse.
const bare = bareModel;

/** The configured price of a model, matched with or without its provider prefix. @public */
export function findPrice(
  prices: ModelPrice[],
  model: string,
): ModelPrice | undefined {
  return (
    prices.find(p => p.model.toLowerCase() === model.toLowerCase()) ??
    prices.find(p => bare(p.model) === bare(model))
  );
}

/** Cost of raw usage: the cost metric, else the price table, else unpriced. @public */
export function priceUsage(u: RawModelUsage, prices: ModelPrice[]): ModelUsage {
  const base = {
    model: u.model,
    inputTokens: Math.round(u.inputTokens),
    outputTokens: Math.round(u.outputTokens),
  };
  if (u.costUsd !== undefined) {
    return { ...base, costUsd: u.costUsd, costSource: 'metric' };
  }
  const price = findPrice(prices, u.model);
  if (!price) return { ...base, costUsd: 0, costSource: 'unpriced' };
  const costUsd =
    (u.inputTokens * price.inputPerMillionUsd +
      u.outputTokens * price.outputPerMillionUsd) /
    1e6;
  return { ...base, costUsd, costSource: 'price-table' };
}

/** Adds up priced usage. @public */
export function sumUsage(models: ModelUsage[]) {
  return models.reduce(
    (t, m) => ({
      inputTokens: t.inputTokens + m.inputTokens,
      outputTokens: t.outputTokens + m.outputTokens,
      costUsd: t.costUsd + m.costUsd,
    }),
    { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
}

/** The prices that were actually applied to some model of the answer. @public */
export function pricesUsed(
  models: RawModelUsage[],
  prices: ModelPrice[],
): ModelPrice[] {
  const used = new Map<string, ModelPrice>();
  for (const m of models) {
    if (m.costUsd !== undefined) continue;
    const p = findPrice(prices, m.model);
    if (p) used.set(p.model, p);
  }
  return [...used.values()];
}
