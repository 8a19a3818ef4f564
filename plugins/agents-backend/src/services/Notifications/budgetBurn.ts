import { Entity } from '@backstage/catalog-model';
import { ModelPrice } from '@agentdeck/plugin-agents-common';
import { UsageReader } from '../Usage/types';
import { priceUsage, sumUsage } from '../Usage/pricing';
import { monthLength, monthStart } from '../Usage/windows';

/** An agent's spend this calendar month (UTC) against `spec.budget.monthlyUsd`. */
export interface BudgetBurn {
  /** e.g. 2025-06: notices are once per agent and month. */
  month: string;
  monthlyUsd: number;
  spentThisMonthUsd: number;
  /** The usage card's projection: this month's spend at its rate so far. */
  projectedMonthUsd: number;
}

/** The agent's monthly budget in USD, when it declares a positive one. */
export function monthlyBudget(entity: Entity): number | undefined {
  const budget = (entity.spec as { budget?: { monthlyUsd?: unknown } })?.budget;
  const usd = budget?.monthlyUsd;
  return typeof usd === 'number' && Number.isFinite(usd) && usd > 0
    ? usd
    : undefined;
}

/**
 * Reads month-to-date spend straight from the usage reader (one total, no
 * series), priced as the usage answer prices it. Undefined when the agent has
 * no budget or no usage source is configured; a failing source throws.
 */
export function createBudgetBurn(deps: {
  reader?: UsageReader;
  prices: ModelPrice[];
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  return async (entity: Entity): Promise<BudgetBurn | undefined> => {
    const monthlyUsd = monthlyBudget(entity);
    if (!monthlyUsd || !deps.reader) return undefined;
    const to = now();
    const start = monthStart(to);
    const raw = await deps.reader.total(entity, start, to);
    const spent = sumUsage(raw.map(m => priceUsage(m, deps.prices))).costUsd;
    const elapsed = Math.max(to - start, 1);
    return {
      month: new Date(start).toISOString().slice(0, 7),
      monthlyUsd,
      spentThisMonthUsd: spent,
      projectedMonthUsd: (spent * monthLength(to)) / elapsed,
    };
  };
}

/** Reads one agent's budget burn. */
export type BudgetBurnReader = ReturnType<typeof createBudgetBurn>;
