import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { ReplicaSample, RescaleEvent } from '@agentdeck/plugin-agents-common';

const SAMPLES = 'agents_replica_samples';
const EVENTS = 'agents_rescale_events';
// 10 columns a row: far below the bind-parameter limits of SQLite and PostgreSQL.
const BATCH = 500;

/** Identity of one autoscaler's series of samples. */
export interface SeriesKey {
  entityRef: string;
  cluster: string;
  namespace: string;
  autoscaler: string;
}

/** The newest stored sample of a series. */
export interface StoredSample {
  seq: number;
  at: number;
  current: number;
  desired: number;
  min: number;
  max: number;
}

type SampleRow = {
  entity_ref: string;
  cluster: string;
  namespace: string;
  autoscaler: string;
  seq: number | string;
  at: number | string;
  current: number;
  desired: number;
  min: number;
  max: number;
};

type EventRow = {
  cluster: string;
  namespace: string;
  object: string;
  reason: string;
  at: number | string;
  message: string;
  from_replicas: number | null;
  to_replicas: number | null;
};

// PostgreSQL returns bigint columns as strings.
const num = (v: number | string) => Number(v);

const keyWhere = (k: SeriesKey) => ({
  entity_ref: k.entityRef,
  cluster: k.cluster,
  namespace: k.namespace,
  autoscaler: k.autoscaler,
});

/** Database access of the scaling history. */
export function createHistoryStore(knex: Knex) {
  /**
   * Inserts samples of one series, a few hundred per statement, skipping
   * any seq another writer took; returns how many were written.
   */
  async function insertSamples(key: SeriesKey, samples: StoredSample[]) {
    let written = 0;
    for (let i = 0; i < samples.length; i += BATCH) {
      const rows = await knex(SAMPLES)
        .insert(
          samples.slice(i, i + BATCH).map(s => ({ ...keyWhere(key), ...s })),
        )
        .onConflict(['entity_ref', 'cluster', 'namespace', 'autoscaler', 'seq'])
        .ignore()
        .returning('id');
      written += rows.length;
    }
    return written;
  }

  return {
    async latestSample(key: SeriesKey): Promise<StoredSample | undefined> {
      const row: SampleRow | undefined = await knex(SAMPLES)
        .where(keyWhere(key))
        .orderBy('seq', 'desc')
        .first();
      return row && { ...row, seq: num(row.seq), at: num(row.at) };
    },

    /** Inserts the sample unless another writer took this seq; true if written. */
    async insertSample(key: SeriesKey, s: StoredSample): Promise<boolean> {
      return (await insertSamples(key, [s])) > 0;
    },

    insertSamples,

    /** Inserts events, skipping ones already stored; returns how many were new. */
    async insertEvents(entityRef: string, events: RescaleEvent[]) {
      let written = 0;
      for (const e of events) {
        if (!Number.isFinite(Date.parse(e.at))) continue;
        const rows = await knex(EVENTS)
          .insert({
            entity_ref: entityRef,
            cluster: e.cluster,
            namespace: e.namespace,
            object: e.object,
            reason: e.reason,
            at: Date.parse(e.at),
            message: e.message,
            message_hash: createHash('sha256').update(e.message).digest('hex'),
            from_replicas: e.from ?? null,
            to_replicas: e.to ?? null,
          })
          .onConflict([
            'entity_ref',
            'cluster',
            'namespace',
            'object',
            'reason',
            'at',
            'message_hash',
          ])
          .ignore()
          .returning('id');
        written += rows.length;
      }
      return written;
    },

    async deleteOlderThan(cutoffMs: number): Promise<number> {
      const samples = await knex(SAMPLES).where('at', '<', cutoffMs).delete();
      const events = await knex(EVENTS).where('at', '<', cutoffMs).delete();
      return samples + events;
    },

    /**
     * Samples inside [from, to], plus each series' last sample before `from`
     * so a step chart knows the value it starts with.
     */
    async samples(entityRef: string, from: number, to: number) {
      const inside = await samplesInside(knex, entityRef, from, to);
      const before: SampleRow[] = await knex(SAMPLES).whereIn(
        'id',
        knex(SAMPLES)
          .max('id')
          .where({ entity_ref: entityRef })
          .where('at', '<', from)
          .groupBy(['cluster', 'namespace', 'autoscaler']),
      );
      return [...before, ...inside]
        .map(toSample)
        .sort((a, b) => a.at.localeCompare(b.at));
    },

    async events(entityRef: string, from: number, to: number) {
      const rows: EventRow[] = await knex(EVENTS)
        .where({ entity_ref: entityRef })
        .whereBetween('at', [from, to])
        .orderBy('at');
      return rows.map(toEvent);
    },
  };
}

/**
 * A chart is at most a couple of thousand pixels wide: past this many rows a
 * window is merged per time bucket in SQL, keeping each bucket's peaks.
 */
export const MAX_SAMPLE_POINTS = 1000;

async function samplesInside(
  knex: Knex,
  entityRef: string,
  from: number,
  to: number,
): Promise<SampleRow[]> {
  const inWindow = () =>
    knex(SAMPLES)
      .where({ entity_ref: entityRef })
      .whereBetween('at', [from, to]);
  const [{ n }] = await inWindow().count({ n: '*' });
  if (Number(n) <= MAX_SAMPLE_POINTS) return inWindow();
  // an integer computed here, not input: integer division buckets on SQLite and PostgreSQL alike
  const bucket = Math.max(1, Math.ceil((to - from) / MAX_SAMPLE_POINTS));
  return inWindow()
    .select('cluster', 'namespace', 'autoscaler')
    .max({ at: 'at', current: 'current', desired: 'desired', max: 'max' })
    .min({ min: 'min' })
    .groupBy(['cluster', 'namespace', 'autoscaler'])
    .groupByRaw(`?? / ${bucket}`, ['at']);
}

/** The history store's API. */
export type HistoryStore = ReturnType<typeof createHistoryStore>;

function toSample(r: SampleRow): ReplicaSample {
  return {
    at: new Date(num(r.at)).toISOString(),
    cluster: r.cluster,
    namespace: r.namespace,
    autoscaler: r.autoscaler,
    current: r.current,
    desired: r.desired,
    min: r.min,
    max: r.max,
  };
}

function toEvent(r: EventRow): RescaleEvent {
  return {
    at: new Date(num(r.at)).toISOString(),
    cluster: r.cluster,
    namespace: r.namespace,
    object: r.object,
    reason: r.reason,
    message: r.message,
    ...(r.from_replicas !== null ? { from: r.from_replicas } : {}),
    ...(r.to_replicas !== null ? { to: r.to_replicas } : {}),
  };
}
