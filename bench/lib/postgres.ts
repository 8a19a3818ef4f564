import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';

const PG_BIN = process.env.AGENTDECK_PG_BIN ?? '/usr/lib/postgresql/15/bin';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

// initdb refuses root; Debian's package creates the postgres user (as the agents-backend tests do).
function run(cmd: string, args: string[]) {
  if (process.getuid?.() === 0) {
    const quoted = [cmd, ...args]
      .map(a => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], {
      stdio: 'pipe',
    });
  } else execFileSync(cmd, args, { stdio: 'pipe' });
}

/** A throwaway PostgreSQL 15 on 127.0.0.1 with one database; settings as shipped except fsync. */
export async function startPostgres(): Promise<{
  knex: Knex;
  version: string;
  stop(): Promise<void>;
}> {
  if (!existsSync(join(PG_BIN, 'initdb')))
    throw new Error(
      `PostgreSQL not found in ${PG_BIN} (apt-get install postgresql)`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'agentdeck-bench-pg-'));
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
  const admin = knexFactory({
    client: 'pg',
    connection: {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
    },
  });
  await admin.raw('CREATE DATABASE bench');
  const version = String(
    (await admin.raw('SHOW server_version')).rows[0].server_version,
  );
  await admin.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection: {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'bench',
    },
    pool: { min: 0, max: 5 },
  });
  return {
    knex,
    version,
    async stop() {
      await knex.destroy();
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
