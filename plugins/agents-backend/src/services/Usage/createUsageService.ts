import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ModelPrice,
  UsagePoint,
  UsageResponse,
  UsageWindow,
} from '@agentdeck/plugin-agents-common';
import { UsageService } from '../types';
import { priceUsage, pricesUsed, sumUsage } from './pricing';
import { RawPoint, UsageReader } from './types';
import { WINDOW_SPECS, monthLength, monthStart } from './windows';

/** One point per step; steps without data are zero so charts have no gaps. */
function buildSeries(
  points: RawPoint[],
  prices: ModelPrice[],
  from: number,
  to: number,
  stepMs: number,
) {
  const byAt = new Map<number, UsagePoint>();
  for (let at = from + stepMs; at <= to; at += stepMs) {
    byAt.set(at, {
      at: new Date(at).toISOString(),
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    });
  }
  for (const p of points) {
    const point = byAt.get(p.at);
    if (!point) continue;
    const priced = priceUsage(p, prices);
    point.inputTokens += priced.inputTokens;
    point.outputTokens += priced.outputTokens;
    point.costUsd += priced.costUsd;
  }
  return [...byAt.values()];
}

/**
 * Where the usage data begins when it starts inside the window (the first step
 * with usage: an agent idle since its first sample reads as starting later): a point at `at`
 * covers the step before it, so the first point's step start. Undefined when
 * the first step has data, or when there is none at all (nothing to say where).
 */
export function dataBegins(
  points: RawPoint[],
  from: number,
  stepMs: number,
): number | undefined {
  if (points.length === 0) return undefined;
  const first = Math.min(...points.map(p => p.at)) - stepMs;
  return first > from ? first : undefined;
}

function monthlyBudget(entity: Entity): number | undefined {
  const budget = (
    entity.spec as { budget?: { monthlyUsd?: unknown } } | undefined
  )?.budget;
  return typeof budget?.monthlyUsd === 'number' && budget.monthlyUsd > 0
    ? budget.monthlyUsd
    : undefined;
}

/**
 * Usage of one agent over a window from a reader (Prometheus or sampled pod
 * metrics), priced, with a chart series and budget burn. A failing source
 * yields an answer with `error` set, never a failed request.
 * @public
 */
export function createUsageService(deps: {
  reader?: UsageReader;
  prices: ModelPrice[];
  now?: () => number;
}): UsageService {
  const { reader, prices } = deps;
  const now = deps.now ?? Date.now;

  return {
    async getUsage(
      entity: Entity,
      window: UsageWindow,
    ): Promise<UsageResponse> {
      const to = now();
      const { ms, stepMs } = WINDOW_SPECS[window];
      const from = to - ms;
      const base: UsageResponse = {
        entityRef: stringifyEntityRef(entity),
        window,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        source: { kind: reader?.kind ?? 'none' },
        prices: [],
        models: [],
        totals: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
        series: [],
      };
      if (!reader) return base;
      try {
        const budgetUsd = monthlyBudget(entity);
        const [read, month] = await Promise.all([
          reader.read(entity, { from, to, stepMs }),
          budgetUsd ? reader.total(entity, monthStart(to), to) : undefined,
        ]);
        const models = read.models.map(m => priceUsage(m, prices));
        const result: UsageResponse = {
          ...base,
          source: {
            kind: reader.kind,
            ...(read.metric ? { metric: read.metric } : {}),
          },
          prices: pricesUsed([...read.models, ...(month ?? [])], prices),
          models,
          totals: sumUsage(models),
          series: buildSeries(read.series, prices, from, to, stepMs),
          ...(read.rejected?.length ? { rejected: read.rejected } : {}),
          ...(read.unknown ? { unknown: read.unknown } : {}),
          ...(read.sampledAt
            ? { sampledAt: new Date(read.sampledAt).toISOString() }
            : {}),
        };
        const begins = dataBegins(read.series, from, stepMs);
        if (begins !== undefined)
          result.dataFrom = new Date(begins).toISOString();
        if (budgetUsd && month && !read.unknown) {
          const spent = sumUsage(month.map(m => priceUsage(m, prices))).costUsd;
          const elapsed = Math.max(to - monthStart(to), 1);
          const projected = (spent * monthLength(to)) / elapsed;
          result.budget = {
            monthlyUsd: budgetUsd,
            spentThisMonthUsd: spent,
            projectedMonthUsd: projected,
            burnRatio: projected / budgetUsd,
          };
        }
        return result;
      } catch (e) {
        return { ...base, error: (e as Error).message };
      }
    },
  };
}
