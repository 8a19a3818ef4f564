import { Knex } from 'knex';

export const LEASES_TABLE = 'agents_leases';

/** Thrown inside a holder's write when another replica holds the lease. */
export class LeaseLost extends Error {
  constructor(name: string) {
    super(`the ${name} lease is held by another replica`);
  }
}

/** Options of {@link createLease}. */
export interface LeaseOptions {
  knex: Knex;
  name: string;
  /** This replica, unique among those on the database. */
  holder: string;
  /** A holder whose beat stands still this long is replaced. */
  leaseMs: number;
  /** A monotonic clock; no two replicas' clocks are ever compared. */
  now?: () => number;
}

/**
 * One row of `agents_leases` naming the replica that does a piece of work.
 * The holder bumps the row's `beat` at least every quarter of `leaseMs`
 * (each {@link Lease.fenced} write does); another replica that sees the
 * beat stand still for `leaseMs` by its own clock takes the row over with a
 * conditional update, so two replicas never both win and clock skew plays
 * no part. The holder counts itself the holder until three quarters of
 * `leaseMs` after its last renewal began, so it stops before anyone can
 * have taken over.
 */
export function createLease(opts: LeaseOptions) {
  const { knex, name, holder: me, leaseMs } = opts;
  const now = opts.now ?? (() => performance.now());
  /** The row as last read, and since when (our clock) it has not changed. */
  let observed: { holder: string; beat: number; since: number } | undefined;
  let validUntil = -Infinity;
  let renewedAt = -Infinity;

  const held = (startedAt: number) => {
    renewedAt = startedAt;
    validUntil = startedAt + (leaseMs * 3) / 4;
  };

  return {
    /** The holder as last read: '' when none. */
    holder: () => observed?.holder ?? '',
    /** Whether this replica may still act as the holder. */
    holds: () => now() < validUntil,
    /** Whether the holder should renew, even with nothing to write. */
    renewDue: () => now() - renewedAt >= leaseMs / 4,

    /** Takes the lease if it is free, was let go, or its holder went quiet; true when this replica holds it. */
    async tryAcquire(): Promise<boolean> {
      const startedAt = now();
      const row = await knex(LEASES_TABLE).where({ name }).first();
      if (!row) {
        await knex(LEASES_TABLE)
          .insert({ name, holder: me, beat: 1, renewed_at: Date.now() })
          .onConflict('name')
          .ignore();
        const again = await knex(LEASES_TABLE).where({ name }).first();
        if (again?.holder !== me) return false;
        held(startedAt);
        return true;
      }
      const beat = Number(row.beat);
      const holder: string = row.holder;
      const last = observed;
      const seen =
        last && last.holder === holder && last.beat === beat
          ? last
          : { holder, beat, since: startedAt };
      observed = seen;
      const free =
        holder === '' || holder === me || startedAt - seen.since >= leaseMs;
      if (!free) return false;
      const taken = await knex(LEASES_TABLE)
        .where({ name, holder, beat })
        .update({ holder: me, beat: beat + 1, renewed_at: Date.now() });
      if (taken !== 1) return false;
      held(startedAt);
      return true;
    },

    /**
     * Runs `write` in a transaction that first renews the lease: it fails
     * with {@link LeaseLost}, writing nothing, once another replica holds
     * it. `write` gets the new beat, which only grows, as a version.
     */
    async fenced<T>(
      write: (trx: Knex.Transaction, version: number) => Promise<T>,
    ): Promise<T> {
      const startedAt = now();
      const result = await knex.transaction(async trx => {
        const renewed = await trx(LEASES_TABLE)
          .where({ name, holder: me })
          .update({
            beat: trx.raw('?? + 1', ['beat']),
            renewed_at: Date.now(),
          });
        if (renewed !== 1) throw new LeaseLost(name);
        const row = await trx(LEASES_TABLE).where({ name }).first('beat');
        return write(trx, Number(row.beat));
      });
      held(startedAt);
      return result;
    },

    /** Lets go at once, so another replica takes over on its next look. */
    async release(): Promise<void> {
      validUntil = -Infinity;
      await knex(LEASES_TABLE)
        .where({ name, holder: me })
        .update({ holder: '', beat: knex.raw('?? + 1', ['beat']) });
    },

    /** Counts itself no longer the holder, without telling the database. */
    forget() {
      validUntil = -Infinity;
    },
  };
}

export type Lease = ReturnType<typeof createLease>;
