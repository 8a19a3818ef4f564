import { Knex } from 'knex';
import {
  UsageRejection,
  UsageRejectionCause,
} from '@agentdeck/plugin-agents-common';
import { PodCounterState } from './counterPlan';

const COUNTERS = 'agents_usage_counters';
const KEY_COLUMNS = ['entity_ref', 'cluster', 'namespace', 'pod', 'series'];
// Rows that are not counters share the table; their series starts with `!`.
const RESTARTS = '!restarts';
const RESET = '!reset|';
const REJECTED = '!rejected|';
// Far below the bind-parameter limits of SQLite and PostgreSQL.
const CHUNK = 100;

/** Which pod a counter belongs to. */
export interface PodKey {
  entityRef: string;
  cluster: string;
  namespace: string;
  pod: string;
}

const podWhere = (pod: PodKey) => ({
  entity_ref: pod.entityRef,
  cluster: pod.cluster,
  namespace: pod.namespace,
  pod: pod.pod,
});

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK)
    out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The counters table: last values, reset and rejection markers, written in batches. */
export function createPodCountersTable(knex: Knex) {
  const returned = (rows: unknown[]) =>
    rows.map(r =>
      typeof r === 'string' ? r : (r as { series: string }).series,
    );

  return {
    async podState(pod: PodKey): Promise<PodCounterState> {
      const rows: Array<{
        series: string;
        value: number | string;
        at: number | string;
      }> = await knex(COUNTERS)
        .where(podWhere(pod))
        .select('series', 'value', 'at');
      const state: PodCounterState = {
        values: new Map(),
        resets: new Map(),
        sampledBefore: rows.some(r => !r.series.startsWith(REJECTED)),
      };
      for (const r of rows) {
        const value = Number(r.value);
        const at = Number(r.at);
        if (r.series === RESTARTS) state.restarts = value;
        else if (r.series.startsWith(RESET))
          state.resets.set(r.series.slice(RESET.length), { count: value, at });
        else if (r.series.startsWith('!')) continue;
        else state.values.set(r.series, value);
        if (!r.series.startsWith('!'))
          state.lastAt = Math.max(state.lastAt ?? 0, at);
      }
      return state;
    },

    /**
     * Moves counters from their previous value to the new one only where no
     * other collector moved them first (compare and set), a batch per
     * statement; returns the series this call won.
     */
    async advance(
      pod: PodKey,
      moves: Array<{ series: string; previous?: number; value: number }>,
      at: number,
    ) {
      const won = new Set<string>();
      const fresh = moves.filter(m => m.previous === undefined);
      for (const batch of chunks(fresh)) {
        const rows = await knex(COUNTERS)
          .insert(
            batch.map(m => ({
              ...podWhere(pod),
              series: m.series,
              value: m.value,
              at,
            })),
          )
          .onConflict(KEY_COLUMNS)
          .ignore()
          .returning('series');
        returned(rows).forEach(s => won.add(s));
      }
      for (const batch of chunks(moves.filter(m => m.previous !== undefined))) {
        const cases = batch
          .map(() => 'WHEN ? THEN CAST(? AS DOUBLE PRECISION)')
          .join(' ');
        const rows = await knex(COUNTERS)
          .where(podWhere(pod))
          .where(q => {
            for (const m of batch)
              q.orWhere({ series: m.series, value: m.previous! });
          })
          .update(
            {
              value: knex.raw(
                `CASE series ${cases} END`,
                batch.flatMap(m => [m.series, m.value]),
              ),
              at,
            },
            ['series'],
          );
        returned(rows).forEach(s => won.add(s));
      }
      return won;
    },

    /** Stores reset counts, the restart count and rejections of a pod in one statement. */
    async mark(
      pod: PodKey,
      at: number,
      marks: {
        resets?: Array<{ series: string; count: number }>;
        restarts?: number;
        rejected?: UsageRejectionCause[];
      },
    ) {
      const rows = [
        ...(marks.resets ?? []).map(r => ({
          series: `${RESET}${r.series}`,
          value: r.count,
        })),
        ...(marks.restarts !== undefined
          ? [{ series: RESTARTS, value: marks.restarts }]
          : []),
        ...(marks.rejected ?? []).map(cause => ({
          series: `${REJECTED}${cause}`,
          value: 1,
        })),
      ];
      if (rows.length === 0) return;
      await knex(COUNTERS)
        .insert(rows.map(r => ({ ...podWhere(pod), ...r, at })))
        .onConflict(KEY_COLUMNS)
        .merge(['value', 'at']);
    },

    /** Marks a live pod's counters as seen, so housekeeping only forgets pods that are gone. */
    async touch(pod: PodKey, at: number) {
      await knex(COUNTERS)
        .where(podWhere(pod))
        .where('at', '<', at)
        .where(q =>
          q.where('series', RESTARTS).orWhere('series', 'not like', '!%'),
        )
        .update({ at });
    },

    /** Pods of an agent rejected in (from, to]; housekeeping keeps them a day. */
    async rejections(
      entityRef: string,
      from: number,
      to: number,
    ): Promise<UsageRejection[]> {
      const rows: Array<{
        cluster: string;
        namespace: string;
        pod: string;
        series: string;
        at: number | string;
      }> = await knex(COUNTERS)
        .where({ entity_ref: entityRef })
        .where('series', 'like', `${REJECTED}%`)
        .where('at', '>', from)
        .where('at', '<=', to)
        .select('cluster', 'namespace', 'pod', 'series', 'at')
        .orderBy(['cluster', 'namespace', 'pod', 'series']);
      return rows.map(r => ({
        cluster: r.cluster,
        namespace: r.namespace,
        pod: r.pod,
        cause: r.series.slice(REJECTED.length) as UsageRejectionCause,
        at: new Date(Number(r.at)).toISOString(),
      }));
    },
  };
}
