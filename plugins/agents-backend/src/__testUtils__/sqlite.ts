import knexFactory, { Knex } from 'knex';

/** An SQLite database in a file (so a second client can share it) or in memory. */
export function sqliteClient(filename = ':memory:'): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
}
