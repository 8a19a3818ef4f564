import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ViewedAgents } from '../RequestBudget';

export const VIEWED_TABLE = 'agents_viewed';

/** Options of {@link shareViewedAgents}. */
export interface ShareViewedOptions {
  knex: Knex;
  logger: LoggerService;
  /** How long a view counts, as the local set's window. */
  windowMs: number;
  /** How often marks are written and others' read; default 2 s. */
  syncMs?: number;
  /** At most one write per agent this often from one replica; default 30 s. */
  writeEveryMs?: number;
  now?: () => number;
}

/** Viewed agents of every replica on the database. */
export interface SharedViewedAgents extends ViewedAgents {
  start(): void;
  stop(): Promise<void>;
}

const CHUNK = 100;

/**
 * Agents someone has open on any replica, so the replica doing the
 * background work (readiness, usage sampling) puts them first whichever
 * replica served the page. A mark counts here at once and reaches the others
 * through `agents_viewed` within about `syncMs`; the same agent is written
 * at most once per `writeEveryMs` by a replica, as the Agent tab polls its
 * status every few seconds. Reads are one query every `syncMs`, never one
 * per request. Times are each replica's wall clock: a few seconds of skew
 * against a window of minutes does not matter.
 */
export function shareViewedAgents(
  local: ViewedAgents,
  opts: ShareViewedOptions,
): SharedViewedAgents {
  const { knex, logger, windowMs } = opts;
  const now = opts.now ?? Date.now;
  const syncMs = opts.syncMs ?? 2000;
  const writeEveryMs = opts.writeEveryMs ?? 30_000;
  /** When this replica last wrote each agent. */
  const written = new Map<string, number>();
  const toWrite = new Map<string, number>();
  let others = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> = Promise.resolve();
  let stopped = true;
  let nextSweep = 0;

  async function sync() {
    const t = now();
    if (toWrite.size) {
      const rows = [...toWrite].map(([ref, at]) => ({
        entity_ref: ref,
        viewed_at: at,
      }));
      toWrite.clear();
      try {
        for (let i = 0; i < rows.length; i += CHUNK)
          await knex(VIEWED_TABLE)
            .insert(rows.slice(i, i + CHUNK))
            .onConflict('entity_ref')
            .merge();
      } catch (e) {
        // tried again next time, unless the agent was viewed since
        for (const r of rows)
          if (!toWrite.has(r.entity_ref))
            toWrite.set(r.entity_ref, r.viewed_at);
        throw e;
      }
    }
    for (const [ref, at] of written)
      if (t - at >= writeEveryMs) written.delete(ref);
    const rows: Array<{ entity_ref: string; viewed_at: number | string }> =
      await knex(VIEWED_TABLE)
        .where('viewed_at', '>=', t - windowMs)
        .select('entity_ref', 'viewed_at');
    others = new Map(rows.map(r => [r.entity_ref, Number(r.viewed_at)]));
    if (t >= nextSweep) {
      nextSweep = t + 600_000;
      await knex(VIEWED_TABLE)
        .where('viewed_at', '<', t - windowMs - 3_600_000)
        .delete();
    }
  }

  function schedule(ms: number) {
    timer = setTimeout(() => {
      syncing = sync()
        .catch(e => logger.warn(`Could not share the viewed agents: ${e}`))
        .finally(() => {
          if (!stopped) schedule(syncMs);
        });
    }, ms);
  }

  return {
    mark(entityRef) {
      local.mark(entityRef);
      const t = now();
      const last = written.get(entityRef);
      if (last !== undefined && t - last < writeEveryMs) return;
      written.set(entityRef, t);
      toWrite.set(entityRef, t);
    },
    has(entityRef) {
      if (local.has(entityRef)) return true;
      const at = others.get(entityRef);
      return at !== undefined && now() - at <= windowMs;
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await syncing;
      // the last marks, for the replicas that stay
      await sync().catch(e =>
        logger.warn(`Could not share the viewed agents: ${e}`),
      );
    },
  };
}
