/*
 * Update proposals the scheduled task has made: one row per agent and
 * template version, so a restart or a second replica never proposes the same
 * update twice. Times are epoch milliseconds (bigint), as in the other tables.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('agents_template_proposals', table => {
    table.string('entity_ref', 255).notNullable();
    table.integer('version').notNullable();
    // the scaffolder task that proposes it
    table.string('task_id', 255).notNullable();
    table.bigInteger('at').notNullable();
    table.primary(['entity_ref', 'version']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agents_template_proposals');
};
