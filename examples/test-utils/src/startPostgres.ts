import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { freePort } from './freePort';

const PG_BIN = process.env.AGENTDECK_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A throwaway PostgreSQL cluster on 127.0.0.1, started by {@link startPostgres}. */
export interface TestPostgres {
  port: number;
  /** A new empty database and a client for it. */
  createDatabase(name: string): Promise<Knex>;
  /** Another client for an existing database, like a restarted backend. */
  connect(name: string): Knex;
  /** Closes every client, stops the server and deletes its files. */
  stop(): Promise<void>;
}

// initdb refuses to run as root; Debian's package creates the postgres user.
function run(cmd: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const quoted = [cmd, ...args].map(a => `'${a.replace(/'/g, `'\\''`)}'`);
  if (asRoot) {
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted.join(' ')], {
      stdio: 'pipe',
    });
  } else {
    execFileSync(cmd, args, { stdio: 'pipe' });
  }
}

/**
 * Starts PostgreSQL from Debian's postgresql package (15; another with
 * AGENTDECK_PG_BIN) in a temp dir: trust authentication for `postgres`,
 * settings as shipped except fsync.
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL binaries not found in ${PG_BIN}: apt-get install -y postgresql`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'agentdeck-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
  ]);
  run(join(PG_BIN, 'pg_ctl'), [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  const clients: Knex[] = [];
  const connect = (database: string) => {
    const client = knexFactory({
      client: 'pg',
      connection: { host: '127.0.0.1', port, user: 'postgres', database },
      pool: { min: 0, max: 5 },
    });
    clients.push(client);
    return client;
  };
  const admin = connect('postgres');
  return {
    port,
    connect,
    async createDatabase(name) {
      await admin.raw(`CREATE DATABASE ??`, [name]);
      return connect(name);
    },
    async stop() {
      await Promise.all(clients.map(c => c.destroy()));
      run(join(PG_BIN, 'pg_ctl'), [
        '-D',
        data,
        '-m',
        'immediate',
        '-w',
        'stop',
      ]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
