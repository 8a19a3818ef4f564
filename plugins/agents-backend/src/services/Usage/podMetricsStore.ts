import { Knex } from 'knex';
import { createPodCountersTable } from './podCountersTable';
import { RawModelUsage, RawPoint } from './types';

export type { PodKey } from './podCountersTable';

const COUNTERS = 'agents_usage_counters';
const INCREMENTS = 'agents_usage_increments';

type SumRow = {
  model: string;
  bucket?: number | string;
  input: number | string | null;
  output: number | string | null;
  cost: number | string | null;
  priced: number | string;
};

const n = (v: number | string | null) => Number(v ?? 0);

function toUsage(r: SumRow): RawModelUsage {
  return {
    model: r.model,
    inputTokens: n(r.input),
    outputTokens: n(r.output),
    ...(n(r.priced) > 0 ? { costUsd: n(r.cost) } : {}),
  };
}

/** Database access for usage sampled from pods' `/metrics`. */
export function createPodMetricsStore(knex: Knex) {
  const sums = (q: Knex.QueryBuilder) =>
    q
      .sum({ input: 'input_tokens' })
      .sum({ output: 'output_tokens' })
      .sum({ cost: 'cost_usd' })
      .count({ priced: 'cost_usd' });

  /** Stores increments, each stamped with the end of its interval, 100 per statement. */
  const addPoints = async (entityRef: string, points: RawPoint[]) => {
    for (let i = 0; i < points.length; i += 100) {
      await knex(INCREMENTS).insert(
        points.slice(i, i + 100).map(r => ({
          entity_ref: entityRef,
          at: r.at,
          model: r.model,
          input_tokens: r.inputTokens,
          output_tokens: r.outputTokens,
          cost_usd: r.costUsd ?? null,
        })),
      );
    }
  };

  return {
    ...createPodCountersTable(knex),
    addPoints,

    async addIncrements(entityRef: string, at: number, rows: RawModelUsage[]) {
      await addPoints(
        entityRef,
        rows.map(r => ({ ...r, at })),
      );
    },

    /** Totals per model over (from, to]. */
    async totals(entityRef: string, from: number, to: number) {
      const rows: SumRow[] = await sums(
        knex(INCREMENTS)
          .where({ entity_ref: entityRef })
          .where('at', '>', from)
          .where('at', '<=', to),
      )
        .select('model')
        .groupBy('model');
      return rows.map(toUsage);
    },

    /** Per model and step over (from, to]; a point is stamped with its step's end. */
    async series(
      entityRef: string,
      from: number,
      to: number,
      stepMs: number,
    ): Promise<RawPoint[]> {
      const bucket = knex.raw(
        '(at - CAST(? AS BIGINT) - 1) / CAST(? AS BIGINT)',
        [from, stepMs],
      );
      const rows: SumRow[] = await sums(
        knex(INCREMENTS)
          .where({ entity_ref: entityRef })
          .where('at', '>', from)
          .where('at', '<=', to),
      )
        .select('model', { bucket })
        .groupBy('model', 'bucket');
      return rows.map(r => ({
        ...toUsage(r),
        at: from + (n(r.bucket ?? 0) + 1) * stepMs,
      }));
    },

    /** Totals per agent and model since `from`. */
    async totalsByAgent(from: number) {
      const rows: Array<SumRow & { entity_ref: string }> = await sums(
        knex(INCREMENTS).where('at', '>', from),
      )
        .select('entity_ref', 'model')
        .groupBy('entity_ref', 'model');
      return rows.map(r => ({ entityRef: r.entity_ref, usage: toUsage(r) }));
    },

    async deleteOlderThan(incrementsCutoff: number, countersCutoff: number) {
      const a = await knex(INCREMENTS)
        .where('at', '<', incrementsCutoff)
        .delete();
      const b = await knex(COUNTERS).where('at', '<', countersCutoff).delete();
      return a + b;
    },
  };
}

/** The pod-metrics store's API. */
export type PodMetricsStore = ReturnType<typeof createPodMetricsStore>;
