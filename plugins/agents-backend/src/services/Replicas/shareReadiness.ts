import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KUBERNETES_ID_LABEL,
  PodReadiness,
} from '@agentdeck/plugin-agents-common';
import { Knex } from 'knex';
import { ClusterCache } from '../ClusterCache';
import { ReadinessService } from '../Readiness';
import {
  PodRef,
  ReadinessHandover,
  ReadinessRecord,
} from '../Readiness/handover';
import { createLease, LeaseLost } from './lease';

export const READINESS_TABLE = 'agents_readiness';

/** Options of {@link shareReadiness}. */
export interface ShareReadinessOptions {
  knex: Knex;
  /** The holder lists its pods here to write what changed. */
  cache: Pick<ClusterCache, 'snapshots'>;
  logger: LoggerService;
  /** How often every replica reads what changed, and the holder writes it; default 2 s. */
  syncMs?: number;
  /** A holder not heard from for this long is replaced; default 20 s. */
  leaseMs?: number;
  /** How long the row of a gone pod stays, so every replica learns it is gone; default 1 h. */
  goneRowsMs?: number;
  /**
   * How long a replica waits for its watch cache to list every cluster
   * before it may take the work over (a replica that fetched before it knew
   * the pods would forget what it resumed); default 30 s.
   */
  cacheWaitMs?: number;
  /** Names this replica in the lease; default host name and a random id. */
  replicaId?: string;
}

/** A pod's shared readiness as every replica keeps it. */
interface Shared {
  ref: PodRef;
  /** The pod's `backstage.io/kubernetes-id`, for {@link SharedReadiness.revision}. */
  id?: string;
  /** Absent for a pod due for its first fetch and already behind. */
  record?: ReadinessRecord;
  behind: boolean;
}

interface Row {
  cluster: string;
  namespace: string;
  pod: string;
  kubernetes_id: string | null;
  readiness: string | null;
  pod_ready: boolean | number;
  fetched_at_ms: number | string;
  failures: number;
  behind: boolean | number;
  version: number | string;
}

const keyOf = (cluster: string, ns: string, pod: string) =>
  `${cluster}/${ns}/${pod}`;
/** SQLite and PostgreSQL both take this many rows of eleven values in one statement. */
const CHUNK = 50;

const sameRecord = (a?: ReadinessRecord, b?: ReadinessRecord) =>
  a === b ||
  (!!a &&
    !!b &&
    a.fetchedAtMs === b.fetchedAtMs &&
    a.failures === b.failures &&
    a.podReady === b.podReady &&
    (a.readiness === b.readiness ||
      JSON.stringify(a.readiness) === JSON.stringify(b.readiness)));

function fromRow(row: Row): Shared | undefined {
  const ref = { cluster: row.cluster, namespace: row.namespace, pod: row.pod };
  const id = row.kubernetes_id ?? undefined;
  const behind = Boolean(row.behind);
  if (row.readiness === null) return behind ? { ref, id, behind } : undefined;
  return {
    ref,
    id,
    behind,
    record: {
      readiness: JSON.parse(row.readiness) as PodReadiness,
      podReady: Boolean(row.pod_ready),
      fetchedAtMs: Number(row.fetched_at_ms),
      failures: Number(row.failures),
    },
  };
}

const toRow = (s: Shared, version: number, now: number) => ({
  ...s.ref,
  kubernetes_id: s.id ?? null,
  readiness: s.record ? JSON.stringify(s.record.readiness) : null,
  pod_ready: s.record?.podReady ?? false,
  fetched_at_ms: s.record?.fetchedAtMs ?? 0,
  failures: s.record?.failures ?? 0,
  behind: s.behind,
  version,
  updated_at: now,
});

/** Readiness shared across replicas, with a cheap way to tell whether an agent's answers changed. */
export type SharedReadiness = ReadinessService & {
  /** Changes whenever an answer for a pod with this `backstage.io/kubernetes-id` in the cluster changes. */
  revision(cluster: string, kubernetesId: string): number;
};

/**
 * Readiness work done once across backend replicas on one database.
 *
 * One replica at a time, the holder of the `readiness` lease (see
 * {@link createLease}), runs `inner`: it scans the watch cache and fetches
 * `/readyz` through the pod proxy. Every `syncMs` it writes the pods whose
 * result or `behind` changed to `agents_readiness`. Every replica, the holder
 * too, answers `get` and `behind` from its own copy of that table, which it
 * brings up to date every `syncMs` with one query for the rows newer than
 * the last it saw: a status request never waits for the database. A holder
 * that stops lets go of the lease, and another replica takes over within
 * `syncMs`; one that dies is replaced within `leaseMs` plus `syncMs`. The new
 * holder resumes `inner` from the table, so nothing fetched recently is
 * fetched again.
 *
 * Why not a `global` task of the Backstage scheduler: a task's run ends at
 * its timeout at the latest (its lock is not renewed while it runs), so the
 * work would stop and restart on some replica every few seconds, losing the
 * queue the request budget orders; and the lock of a replica that died is
 * only freed by the scheduler's janitor, once a minute after the timeout,
 * so a dead holder could leave readiness unfetched for well over a minute.
 * A lease renewed while the work runs has neither problem.
 *
 * A source without a handover (readiness from Prometheus costs the API
 * servers nothing) is returned as it is: every replica runs it.
 */
export function shareReadiness(
  inner: ReadinessService & Partial<ReadinessHandover>,
  opts: ShareReadinessOptions,
): ReadinessService {
  const { record, resume } = inner;
  if (!record || !resume) return inner;
  const { knex, cache, logger } = opts;
  const syncMs = opts.syncMs ?? 2000;
  const goneRowsMs = opts.goneRowsMs ?? 3_600_000;
  const lease = createLease({
    knex,
    name: 'readiness',
    holder: opts.replicaId ?? `${hostname()}-${randomUUID()}`,
    leaseMs: opts.leaseMs ?? 20_000,
  });
  const local = new Map<string, Shared>();
  const revisions = new Map<string, number>();
  let revision = 0;
  const bump = (cluster: string, id: string | undefined) => {
    if (id !== undefined) revisions.set(`${cluster}\n${id}`, ++revision);
  };
  /** Sets or (with no `shared`) forgets one pod's answer in this replica's copy. */
  const apply = (key: string, shared: Shared | undefined) => {
    const was = local.get(key);
    if (was) bump(was.ref.cluster, was.id);
    if (shared) {
      local.set(key, shared);
      bump(shared.ref.cluster, shared.id);
    } else local.delete(key);
  };
  /** Whether this replica has taken the lease or seen which one holds it. */
  let isDecided = false;
  const decide = () => {
    isDecided = true;
  };
  /** The newest version read, or written while holding. */
  let seen = 0;
  let holding = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  let nextSweep = 0;
  let startedAt = 0;
  /** The other holder last logged. */
  let reported = '';
  const cacheWaitMs = opts.cacheWaitMs ?? 30_000;
  const cacheListed = () =>
    cache.snapshots().every(s => s.syncedAt !== undefined) ||
    performance.now() - startedAt >= cacheWaitMs;

  async function read() {
    const rows: Row[] = await knex(READINESS_TABLE)
      .where('version', '>', seen)
      .orderBy('version');
    for (const row of rows) {
      seen = Math.max(seen, Number(row.version));
      apply(keyOf(row.cluster, row.namespace, row.pod), fromRow(row));
    }
  }

  /** What the holder's `inner` knows that the table does not, gone pods included. */
  function changes(): Array<{ key: string; shared: Shared | undefined }> {
    const out: Array<{ key: string; shared: Shared | undefined }> = [];
    const now = Date.now();
    const known = new Set<string>();
    for (const snap of cache.snapshots()) {
      for (const pod of snap.pods) {
        const rec = record!(snap.cluster, pod.namespace, pod.name);
        const behind = inner.behind(snap.cluster, pod.namespace, pod.name, now);
        if (!rec && !behind) continue;
        const key = keyOf(snap.cluster, pod.namespace, pod.name);
        known.add(key);
        const was = local.get(key);
        if (was && was.behind === behind && sameRecord(was.record, rec))
          continue;
        const ref = {
          cluster: snap.cluster,
          namespace: pod.namespace,
          pod: pod.name,
        };
        const id = pod.labels[KUBERNETES_ID_LABEL];
        out.push({ key, shared: { ref, id, behind, record: rec } });
      }
    }
    for (const key of local.keys())
      if (!known.has(key)) out.push({ key, shared: undefined });
    return out;
  }

  async function write() {
    const changed = changes();
    if (changed.length === 0 && !lease.renewDue()) return;
    const now = Date.now();
    const version = await lease.fenced(async (trx, v) => {
      for (let i = 0; i < changed.length; i += CHUNK) {
        const rows = changed.slice(i, i + CHUNK).map(({ key, shared }) =>
          toRow(
            shared ?? {
              ...local.get(key)!,
              record: undefined,
              behind: false,
            },
            v,
            now,
          ),
        );
        await trx(READINESS_TABLE)
          .insert(rows)
          .onConflict(['cluster', 'namespace', 'pod'])
          .merge();
      }
      return v;
    });
    // no one else wrote since this replica took over: nothing newer to read
    seen = Math.max(seen, version);
    for (const { key, shared } of changed) apply(key, shared);
    if (now >= nextSweep) {
      nextSweep = now + 600_000;
      await knex(READINESS_TABLE)
        .whereNull('readiness')
        .andWhere('updated_at', '<', now - goneRowsMs)
        .delete();
    }
  }

  async function takeOver() {
    // the last holder can no longer write: this read sees everything it wrote
    await read();
    resume!(
      [...local.values()].flatMap(s =>
        s.record ? [{ ...s.ref, ...s.record }] : [],
      ),
    );
    inner.start();
    holding = true;
    decide();
    logger.info('This replica now fetches readiness for all replicas');
  }

  async function letGo(why: string) {
    holding = false;
    lease.forget();
    await inner.stop();
    logger.warn(`This replica stopped fetching readiness: ${why}`);
  }

  async function tick() {
    try {
      await read();
    } catch (e) {
      logger.warn(`Could not read the shared readiness: ${e}`);
    }
    if (holding) {
      if (!lease.holds()) {
        await letGo('the lease could not be renewed in time');
        return;
      }
      try {
        await write();
      } catch (e) {
        if (e instanceof LeaseLost) await letGo(e.message);
        else logger.warn(`Could not write the shared readiness: ${e}`);
      }
      return;
    }
    if (!cacheListed()) return;
    try {
      if (await lease.tryAcquire()) await takeOver();
      else if (lease.holder() !== reported) {
        reported = lease.holder();
        decide();
        logger.info(
          `Readiness is fetched by replica ${reported}; this replica answers from its results`,
        );
      }
    } catch (e) {
      logger.warn(`Could not take the readiness lease: ${e}`);
    }
  }

  function schedule(ms: number) {
    timer = setTimeout(() => {
      ticking = ticking.then(tick).finally(() => {
        if (!stopped) schedule(syncMs);
      });
    }, ms);
  }

  const shared: SharedReadiness = {
    async fetchesHere() {
      // not decided yet: once the cache is listed (at most cacheWaitMs), decide now rather
      // than skip a pass (one tick at a time)
      for (
        let waited = 0;
        !cacheListed() && waited < cacheWaitMs;
        waited += 100
      )
        await new Promise(r => setTimeout(r, 100));
      if (!isDecided && !stopped && cacheListed()) {
        const now = ticking.then(tick);
        ticking = now;
        await now;
      }
      return holding && lease.holds();
    },
    revision: (cluster, id) => revisions.get(`${cluster}\n${id}`) ?? 0,
    get: (cluster, ns, pod) =>
      local.get(keyOf(cluster, ns, pod))?.record?.readiness,
    behind: (cluster, ns, pod) =>
      local.get(keyOf(cluster, ns, pod))?.behind ?? false,
    setAgents: entities => inner.setAgents(entities),
    start() {
      if (!stopped) return;
      stopped = false;
      startedAt = performance.now();
      schedule(0);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await ticking;
      if (!holding) return;
      holding = false;
      await inner.stop();
      try {
        // the last results, then the lease: the next holder goes on from here
        await write();
        await lease.release();
      } catch (e) {
        logger.warn(`Could not hand over the readiness lease: ${e}`);
      }
    },
  };
  return shared;
}
