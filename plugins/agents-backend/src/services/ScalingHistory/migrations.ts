import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@agentdeck/plugin-agents-backend',
  'migrations',
);

/**
 * Brings the agents plugin's tables to the latest schema on an open client
 * of the plugin's database. The plugin does this itself at startup (unless
 * `backend.database.plugin.agents.skipMigrations`); call it first where
 * something writes before the plugin started, e.g. a module of the plugin.
 * @alpha
 */
export async function migrateAgentsDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

/**
 * Opens the plugin's database and migrates it unless the operator
 * manages migrations (`migrations.skip`).
 * @public
 */
export async function getMigratedClient(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await migrateAgentsDatabase(knex);
  }
  return knex;
}
