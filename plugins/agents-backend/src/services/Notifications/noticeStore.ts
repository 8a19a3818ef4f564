import { Knex } from 'knex';

const SENT = 'agents_notices_sent';
const INCIDENTS = 'agents_health_incidents';

/** A health problem as stored: first seen at `since`, told about at `notifiedAt`. */
export interface StoredIncident {
  since: number;
  notifiedAt?: number;
}

type IncidentRow = {
  since: number | string;
  notified_at: number | string | null;
};

/**
 * The database side of notifications. Every write that leads to a send is a
 * claim that only one writer can win, so concurrent runs never both send.
 */
export function createNoticeStore(knex: Knex) {
  return {
    /** Takes the notice for sending; false when it was already taken. */
    async claim(entityRef: string, notice: string, at: number) {
      const rows = await knex(SENT)
        .insert({ entity_ref: entityRef, notice, at })
        .onConflict(['entity_ref', 'notice'])
        .ignore()
        .returning('notice');
      return rows.length > 0;
    },

    /** Gives a claimed notice back after its send failed, so the next run retries. */
    async release(entityRef: string, notice: string) {
      await knex(SENT).where({ entity_ref: entityRef, notice }).delete();
    },

    async forget(olderThan: number) {
      return knex(SENT).where('at', '<', olderThan).delete();
    },

    async incident(entityRef: string, kind: string) {
      const row: IncidentRow | undefined = await knex(INCIDENTS)
        .where({ entity_ref: entityRef, kind })
        .first();
      if (!row) return undefined;
      const out: StoredIncident = { since: Number(row.since) };
      if (row.notified_at !== null) out.notifiedAt = Number(row.notified_at);
      return out;
    },

    async open(entityRef: string, kind: string, since: number) {
      await knex(INCIDENTS)
        .insert({ entity_ref: entityRef, kind, since, notified_at: null })
        .onConflict(['entity_ref', 'kind'])
        .ignore();
    },

    /** Marks the incident told; false when another run told it first. */
    async markNotified(entityRef: string, kind: string, at: number) {
      const n = await knex(INCIDENTS)
        .where({ entity_ref: entityRef, kind })
        .whereNull('notified_at')
        .update({ notified_at: at });
      return n > 0;
    },

    /** Undoes markNotified after the send failed, so the next run retries. */
    async unmarkNotified(entityRef: string, kind: string) {
      await knex(INCIDENTS)
        .where({ entity_ref: entityRef, kind })
        .update({ notified_at: null });
    },

    /** Closes the incident; false when another run closed it first. */
    async close(entityRef: string, kind: string, since: number) {
      const n = await knex(INCIDENTS)
        .where({ entity_ref: entityRef, kind, since })
        .delete();
      return n > 0;
    },

    async dropIncidentsExcept(entityRefs: string[]) {
      const open: Array<{ entity_ref: string }> = await knex(
        INCIDENTS,
      ).distinct('entity_ref');
      const keep = new Set(entityRefs);
      const gone = open.map(r => r.entity_ref).filter(r => !keep.has(r));
      if (gone.length)
        await knex(INCIDENTS).whereIn('entity_ref', gone).delete();
    },

    /** Puts a closed incident back after its recovery notice failed. */
    async restore(entityRef: string, kind: string, incident: StoredIncident) {
      await knex(INCIDENTS)
        .insert({
          entity_ref: entityRef,
          kind,
          since: incident.since,
          notified_at: incident.notifiedAt ?? null,
        })
        .onConflict(['entity_ref', 'kind'])
        .ignore();
    },
  };
}

/** The database side of notifications. */
export type NoticeStore = ReturnType<typeof createNoticeStore>;
