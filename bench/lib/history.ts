import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory, { Knex } from 'knex';
import { Entity } from '@backstage/catalog-model';
import {
  AgentsHistoryStore,
  createAgentsHistoryStore,
  migrateAgentsDatabase,
} from '@agentdeck/plugin-agents-backend/alpha';
import { startPostgres } from '@agentdeck/test-utils';
import { startBenchBackend } from './backend';
import { getJson } from './http';
import { Percentiles, timeCalls } from './stats';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/** Figures of one database. */
export interface HistoryResult {
  database: string;
  /** Writes through the store API, one agent's sample and rescale event per call, as the collector makes them. */
  writes: {
    agents: number;
    rounds: number;
    samplesWritten: number;
    eventsWritten: number;
    samplesPerSecond: number;
    roundMs: number;
  };
  dataset: {
    rows: number;
    targetSamples: number;
    targetEvents: number;
    fillMs: number;
  };
  /** The busy agent (a sample every 2 minutes) through the plugin's REST endpoint. */
  query30d: Percentiles & { samplesReturned: number; eventsReturned: number };
  /** A steady agent (heartbeat samples only, every 10 minutes, no events). */
  query30dSteady: Percentiles & {
    samplesReturned: number;
    eventsReturned: number;
  };
  /** The busy agent's samples as one plain indexed SELECT, to show the database's share. */
  rawSelect30d: Percentiles & { rows: number };
}

const sampleOf = (name: string, at: number, current: number) => ({
  at: iso(at),
  cluster: 'bench',
  namespace: 'ai-agents',
  autoscaler: `HorizontalPodAutoscaler/${name}`,
  current,
  desired: current,
  min: 2,
  max: 10,
});

const rescaleOf = (name: string, at: number, to: number, why: string) => ({
  at: iso(at),
  cluster: 'bench',
  namespace: 'ai-agents',
  object: `HorizontalPodAutoscaler/${name}`,
  reason: 'SuccessfulRescale',
  message: `New size: ${to}; reason: ${why}`,
  to,
});

/**
 * Every agent's HPA changes every round: a new sample and a rescale event
 * per agent, written one agent per call (the collector's unit of work: read
 * the series' newest sample, insert the next, insert the events).
 */
async function measureWrites(
  store: AgentsHistoryStore,
  agents: number,
  rounds: number,
) {
  const names = Array.from({ length: agents }, (_, i) => `writer-${i}`);
  const write = async (round: number) => {
    let samples = 0;
    let events = 0;
    const at = Date.now();
    for (const name of names) {
      const ref = `agent:default/${name}`;
      const to = 2 + (round % 3);
      samples += await store.insertSamples(ref, [sampleOf(name, at, to)]);
      events += await store.insertEvents(ref, [
        rescaleOf(name, at - 1000, to, `round ${round}`),
      ]);
    }
    return { samples, events };
  };
  await write(0); // first samples of each series
  let samples = 0;
  let events = 0;
  const t = performance.now();
  for (let i = 1; i <= rounds; i++) {
    const r = await write(i);
    samples += r.samples;
    events += r.events;
  }
  const ms = performance.now() - t;
  return {
    agents,
    rounds,
    samplesWritten: samples,
    eventsWritten: events,
    samplesPerSecond: Math.round((samples * 1000) / ms),
    roundMs: Math.round(ms / rounds),
  };
}

/**
 * 30 days for the queried agent (a sample every 2 minutes, an event every
 * 10) among `others` agents with a 10-minute heartbeat, written through the
 * store API a series per call: the worst realistic history one agent page
 * asks for.
 */
async function fill(store: AgentsHistoryStore, others: number, now: number) {
  const t = performance.now();
  const from = now - 30 * DAY;
  let rows = 0;
  const series = async (name: string, stepMs: number) => {
    const samples = [];
    for (let at = from, seq = 0; at <= now; at += stepMs, seq++) {
      samples.push(sampleOf(name, at, 2 + (seq % 5)));
    }
    const written = await store.insertSamples(`agent:default/${name}`, samples);
    rows += written;
    return written;
  };
  const targetSamples = await series('history-target', 2 * MIN);
  const events = [];
  for (let at = from, i = 0; at <= now; at += 10 * MIN, i++) {
    const why = 'pods metric agent_active_requests above target';
    events.push(rescaleOf('history-target', at, 2 + (i % 5), why));
  }
  const targetEvents = await store.insertEvents(
    'agent:default/history-target',
    events,
  );
  rows += targetEvents;
  for (let a = 0; a < others; a++) await series(`other-${a}`, 10 * MIN);
  return {
    rows,
    targetSamples,
    targetEvents,
    fillMs: Math.round(performance.now() - t),
  };
}

const agentEntity = (name: string): Entity => ({
  apiVersion: 'agentdeck.io/v1alpha1',
  kind: 'Agent',
  metadata: { name, namespace: 'default' },
  spec: { type: 'api', lifecycle: 'production', owner: 'group:default/bench' },
});

async function measureOne(
  database: string,
  knex: Knex,
): Promise<HistoryResult> {
  await migrateAgentsDatabase(knex);
  const store = createAgentsHistoryStore(knex);
  const writes = await measureWrites(store, 1000, 3);
  const now = Date.now();
  const dataset = await fill(store, 200, now);
  if (database.startsWith('PostgreSQL')) await knex.raw('ANALYZE');
  // The scaling route needs the agent in the catalog, not in a cluster.
  const backend = await startBenchBackend({
    clusters: [],
    entities: [agentEntity('history-target'), agentEntity('other-0')],
    // housekeeping must not cut the oldest minutes of the 30 days off
    agents: { history: { retentionDays: 31 } },
    knex,
  });
  try {
    const window = `from=${iso(now - 30 * DAY)}&to=${iso(now)}`;
    const timeQuery = async (name: string) => {
      const url = `${backend.baseUrl}/api/agents/entities/default/${name}/scaling?${window}`;
      let last = { samples: [] as unknown[], events: [] as unknown[] };
      const p = await timeCalls(
        async () => {
          last = await getJson(url);
        },
        { count: 30, warmup: 3, budgetMs: 60_000 },
      );
      return {
        ...p,
        samplesReturned: last.samples.length,
        eventsReturned: last.events.length,
      };
    };
    const query30d = await timeQuery('history-target');
    const query30dSteady = await timeQuery('other-0');
    let rows = 0;
    const raw = await timeCalls(
      async () => {
        rows = (
          await knex('agents_replica_samples')
            .where({ entity_ref: 'agent:default/history-target' })
            .whereBetween('at', [now - 30 * DAY, now])
        ).length;
      },
      { count: 30, warmup: 3, budgetMs: 60_000 },
    );
    return {
      database,
      writes,
      dataset,
      query30d,
      query30dSteady,
      rawSelect30d: { ...raw, rows },
    };
  } finally {
    await backend.stop();
  }
}

/** The store's write rate and the 30-day query through REST on SQLite (better-sqlite3, a file) and PostgreSQL. */
export async function measureHistory(
  log: (s: string) => void,
): Promise<HistoryResult[]> {
  const out: HistoryResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'agentdeck-bench-sqlite-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'history.sqlite') },
    useNullAsDefault: true,
  });
  try {
    log('  SQLite');
    out.push(await measureOne('SQLite (better-sqlite3, file)', sqlite));
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  log('  PostgreSQL');
  const pg = await startPostgres();
  try {
    const knex = await pg.createDatabase('bench');
    const version = String(
      (await knex.raw('SHOW server_version')).rows[0].server_version,
    );
    out.push(await measureOne(`PostgreSQL ${version}`, knex));
  } finally {
    await pg.stop();
  }
  return out;
}
