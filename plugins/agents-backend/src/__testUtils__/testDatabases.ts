import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Knex } from 'knex';
import { startPostgres, TestPostgres } from '@agentdeck/test-utils';
import { sqliteClient } from './sqlite';

/** A database both engines provide: a fresh one, and a second client on it as a restarted backend opens. */
export interface TestDatabase {
  name: string;
  setup(): Promise<void>;
  open(): Promise<{ first: Knex; again: () => Knex }>;
  teardown(): Promise<void>;
}

function sqlite(): TestDatabase {
  let dir = '';
  let n = 0;
  const clients: Knex[] = [];
  return {
    name: 'SQLite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'agentdeck-db-'));
    },
    async open() {
      const file = join(dir, `db${n++}.sqlite`);
      const again = () => {
        const c = sqliteClient(file);
        clients.push(c);
        return c;
      };
      return { first: again(), again };
    },
    async teardown() {
      await Promise.all(clients.map(c => c.destroy()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgres(): TestDatabase {
  let pg: TestPostgres | undefined;
  let n = 0;
  return {
    name: 'PostgreSQL 15',
    async setup() {
      pg = await startPostgres();
    },
    async open() {
      if (!pg) throw new Error('postgres not started');
      const name = `db${n++}`;
      const first = await pg.createDatabase(name);
      const server = pg;
      return { first, again: () => server.connect(name) };
    },
    async teardown() {
      await pg?.stop();
    },
  };
}

/** SQLite in a file and a throwaway PostgreSQL, for `describe.each`. */
export const testDatabases = (): TestDatabase[] => [sqlite(), postgres()];
