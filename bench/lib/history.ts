import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory, { Knex } from 'knex';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { startPostgres } from '@agentdeck/test-utils';
// The history collector and store run on their own here (no backend, no
// scheduler); the plugin does not export them (issue #15).
/* eslint-disable @backstage/no-forbidden-package-imports */
import {
  createHistoryStore,
  createScalingHistoryCollector,
  createScalingHistoryService,
  migrateAgentsDatabase,
} from '@agentdeck/plugin-agents-backend/src/services/ScalingHistory';
import type { AgentStatusService } from '@agentdeck/plugin-agents-backend/src/services/types';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { syntheticAgents } from './backend';
import { Percentiles, timeCalls } from './stats';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** Figures of one database. */
export interface HistoryResult {
  database: string;
  collector: {
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
  /** The busy agent (a sample every 2 minutes) through the history service. */
  query30d: Percentiles & { samplesReturned: number; eventsReturned: number };
  /** A steady agent (heartbeat samples only, every 10 minutes, no events). */
  query30dSteady: Percentiles & {
    samplesReturned: number;
    eventsReturned: number;
  };
  /** The busy agent's samples as one plain indexed SELECT, to show the database's share. */
  rawSelect30d: Percentiles & { rows: number };
}

/** A status service whose HPA counts change every round, so every round writes a sample and an event per agent. */
function changingStatus(round: { n: number }): AgentStatusService {
  return {
    // the collector reads the per-agent model, not the REST answer
    getModel(entity: Entity) {
      const name = entity.metadata.name;
      const current = 2 + (round.n % 3);
      return {
        entityRef: stringifyEntityRef(entity),
        state: 'healthy',
        reasons: [],
        readyPods: 0,
        desiredReplicas: current,
        selector: { labelSelector: `backstage.io/kubernetes-id=${name}` },
        clusters: [
          {
            cluster: 'bench',
            workloads: [],
            pods: [],
            autoscalers: [
              {
                kind: 'HorizontalPodAutoscaler',
                name,
                namespace: 'ai-agents',
                currentReplicas: current,
                desiredReplicas: current,
                minReplicas: 2,
                maxReplicas: 10,
              },
            ],
          },
        ],
      } as any;
    },
    async getRecentEvents(entity: Entity) {
      const to = 2 + (round.n % 3);
      return [
        {
          at: new Date(Date.now() - 1000).toISOString(),
          cluster: 'bench',
          namespace: 'ai-agents',
          object: `HorizontalPodAutoscaler/${entity.metadata.name}`,
          reason: 'SuccessfulRescale',
          message: `New size: ${to}; reason: round ${round.n}`,
          to,
        },
      ];
    },
  } as AgentStatusService;
}

async function measureCollector(knex: Knex, agents: number, rounds: number) {
  const round = { n: 0 };
  const collector = createScalingHistoryCollector({
    store: createHistoryStore(knex),
    status: changingStatus(round),
    logger: {
      warn: () => {},
      info: () => {},
      error: () => {},
      debug: () => {},
      child: () => undefined,
    } as any,
    options: { retentionDays: 30, heartbeatMs: 10 * MIN },
  });
  const entities = syntheticAgents(agents);
  await collector.collect(entities); // first samples of each series
  let samples = 0;
  let events = 0;
  const t = performance.now();
  for (let i = 1; i <= rounds; i++) {
    round.n = i;
    const r = await collector.collect(entities);
    samples += r.samplesWritten;
    events += r.eventsWritten;
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
 * 10) among `others` agents with a 10-minute heartbeat: the worst realistic
 * history one agent page asks for.
 */
async function fill(knex: Knex, others: number, now: number) {
  const t = performance.now();
  const from = now - 30 * DAY;
  let rows = 0;
  const insert = async (table: string, batch: object[]) => {
    await knex.batchInsert(table, batch, 500);
    rows += batch.length;
  };
  const series = (ref: string, name: string, stepMs: number) => {
    const out: object[] = [];
    let seq = 0;
    for (let at = from; at <= now; at += stepMs) {
      const current = 2 + (seq % 5);
      out.push({
        entity_ref: ref,
        cluster: 'bench',
        namespace: 'ai-agents',
        autoscaler: `HorizontalPodAutoscaler/${name}`,
        seq: seq++,
        at,
        current,
        desired: current,
        min: 2,
        max: 10,
      });
    }
    return out;
  };
  const target = 'agent:default/history-target';
  const targetSamples = series(target, 'history-target', 2 * MIN);
  await insert('agents_replica_samples', targetSamples);
  const events: object[] = [];
  for (let at = from, i = 0; at <= now; at += 10 * MIN, i++) {
    const msg = `New size: ${
      2 + (i % 5)
    }; reason: pods metric agent_active_requests above target`;
    events.push({
      entity_ref: target,
      cluster: 'bench',
      namespace: 'ai-agents',
      object: 'HorizontalPodAutoscaler/history-target',
      reason: 'SuccessfulRescale',
      at,
      message: msg,
      message_hash: `${i}`.padStart(64, '0'),
      from_replicas: null,
      to_replicas: 2 + (i % 5),
    });
  }
  await insert('agents_rescale_events', events);
  for (let a = 0; a < others; a++) {
    await insert(
      'agents_replica_samples',
      series(`agent:default/other-${a}`, `other-${a}`, 10 * MIN),
    );
  }
  return {
    rows,
    targetSamples: targetSamples.length,
    targetEvents: events.length,
    fillMs: Math.round(performance.now() - t),
  };
}

async function measureOne(
  database: string,
  knex: Knex,
): Promise<HistoryResult> {
  await migrateAgentsDatabase(knex);
  const collector = await measureCollector(knex, 1000, 3);
  const now = Date.now();
  const dataset = await fill(knex, 200, now);
  if (database.startsWith('PostgreSQL')) await knex.raw('ANALYZE');
  const service = createScalingHistoryService({
    store: createHistoryStore(knex),
    retentionDays: 30,
  });
  const entity: Entity = {
    apiVersion: 'agentdeck.io/v1alpha1',
    kind: 'Agent',
    metadata: { name: 'history-target', namespace: 'default' },
    spec: {},
  };
  const from = new Date(now - 30 * DAY);
  const timeQuery = async (name: string) => {
    const e = { ...entity, metadata: { ...entity.metadata, name } };
    let last = { samples: [] as unknown[], events: [] as unknown[] };
    const p = await timeCalls(
      async () => {
        last = await service.query(e, from, new Date(now));
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
          .whereBetween('at', [from.getTime(), now])
      ).length;
    },
    { count: 30, warmup: 3, budgetMs: 60_000 },
  );
  return {
    database,
    collector,
    dataset,
    query30d,
    query30dSteady,
    rawSelect30d: { ...raw, rows },
  };
}

/** Collector write rate and the 30-day query on SQLite (better-sqlite3, a file) and PostgreSQL. */
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
