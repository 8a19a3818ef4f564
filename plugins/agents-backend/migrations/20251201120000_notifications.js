/*
 * What the agents backend has told owners, so that a restart, a second
 * replica or a repeated run never sends the same notification twice. Times
 * are epoch milliseconds (bigint), as in the history tables.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  // One row per notice ever sent, e.g. `budget:2025-06:80`: the primary key
  // is the claim, taken before sending.
  await knex.schema.createTable('agents_notices_sent', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('notice', 255).notNullable();
    table.bigInteger('at').notNullable();
    table.primary(['entity_ref', 'notice']);
    table.index(['at'], 'agents_notices_sent_at_idx');
  });

  // A health problem from when it was first seen until it clears: its owner
  // is told once when it has lasted long enough, and once when it is over.
  await knex.schema.createTable('agents_health_incidents', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('kind', 64).notNullable();
    table.bigInteger('since').notNullable();
    // Null until the owner has been told.
    table.bigInteger('notified_at').nullable();
    table.primary(['entity_ref', 'kind']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agents_health_incidents');
  await knex.schema.dropTable('agents_notices_sent');
};
