import { Entity } from '@backstage/catalog-model';
import { ModelPrice } from '@agentdeck/plugin-agents-common';
import { priceUsage, sumUsage } from '../Usage/pricing';
import { UnregisteredUsageTarget, UsageReader } from '../Usage/types';
import { AgentUsage24h, UsageSummary } from './types';

// one object for every agent without usage, so the overview's rows stay as they were
const NO_USAGE: AgentUsage24h = Object.freeze({
  input: 0,
  output: 0,
  costUsd: 0,
});

/** Builds the per-agent 24 h usage summary over a usage reader. @public */
export function createUsageSummary(deps: {
  reader?: UsageReader;
  prices: ModelPrice[];
  listAgents: () => Promise<Entity[]>;
  /** Agents no catalog entity claims: their usage is kept under their key too. */
  listUnregistered?: () => UnregisteredUsageTarget[];
  now?: () => number;
}): UsageSummary {
  const now = deps.now ?? Date.now;
  let byAgent = new Map<string, AgentUsage24h>();
  let refreshed = false;
  let error: string | undefined;

  return {
    async refresh() {
      if (!deps.reader) return;
      try {
        const raw = await deps.reader.summary24h(
          await deps.listAgents(),
          now(),
          deps.listUnregistered?.() ?? [],
        );
        const next = new Map<string, AgentUsage24h>();
        for (const [ref, models] of raw) {
          const t = sumUsage(models.map(m => priceUsage(m, deps.prices)));
          next.set(ref, {
            input: t.inputTokens,
            output: t.outputTokens,
            costUsd: t.costUsd,
          });
        }
        byAgent = next;
        refreshed = true;
        error = undefined;
      } catch (e) {
        error = (e as Error).message;
      }
    },

    get(entityRef) {
      if (!deps.reader) return { error: 'No usage source is configured' };
      const usage =
        byAgent.get(entityRef) ?? (refreshed ? NO_USAGE : undefined);
      const why =
        error ?? (refreshed ? undefined : 'Usage summary is not computed yet');
      return { ...(usage ? { usage } : {}), ...(why ? { error: why } : {}) };
    },
  };
}
