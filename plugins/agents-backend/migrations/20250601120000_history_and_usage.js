/*
 * Tables of the agents backend: scaling history kept beyond the Kubernetes
 * event TTL, and LLM usage sampled from pods' /metrics when no Prometheus is
 * configured. Times are epoch milliseconds (bigint) so SQLite and PostgreSQL
 * compare and bucket them the same way.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('agents_replica_samples', table => {
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('autoscaler', 255).notNullable();
    // Position in the autoscaler's chain of samples: two collectors that saw
    // the same change race for the same seq and only one row survives.
    table.integer('seq').notNullable();
    table.bigInteger('at').notNullable();
    table.integer('current').notNullable();
    table.integer('desired').notNullable();
    table.integer('min').notNullable();
    table.integer('max').notNullable();
    table.unique(['entity_ref', 'cluster', 'namespace', 'autoscaler', 'seq'], {
      indexName: 'agents_replica_samples_chain_uq',
    });
    table.index(['entity_ref', 'at'], 'agents_replica_samples_entity_at_idx');
    table.index(['at'], 'agents_replica_samples_at_idx');
  });

  await knex.schema.createTable('agents_rescale_events', table => {
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('object', 255).notNullable();
    table.string('reason', 255).notNullable();
    table.bigInteger('at').notNullable();
    table.text('message').notNullable();
    table.string('message_hash', 64).notNullable();
    table.integer('from_replicas').nullable();
    table.integer('to_replicas').nullable();
    table.unique(
      [
        'entity_ref',
        'cluster',
        'namespace',
        'object',
        'reason',
        'at',
        'message_hash',
      ],
      { indexName: 'agents_rescale_events_uq' },
    );
    table.index(['entity_ref', 'at'], 'agents_rescale_events_entity_at_idx');
    table.index(['at'], 'agents_rescale_events_at_idx');
  });

  // Last raw counter value seen per pod and series, to turn counters into
  // increments across samples and backend restarts.
  await knex.schema.createTable('agents_usage_counters', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('pod', 255).notNullable();
    table.string('series', 255).notNullable();
    table.double('value').notNullable();
    table.bigInteger('at').notNullable();
    table.primary(['entity_ref', 'cluster', 'namespace', 'pod', 'series']);
    table.index(['at'], 'agents_usage_counters_at_idx');
  });

  await knex.schema.createTable('agents_usage_increments', table => {
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('at').notNullable();
    table.string('model', 255).notNullable();
    table.double('input_tokens').notNullable();
    table.double('output_tokens').notNullable();
    // Null when the pods expose no cost metric: the price table applies.
    table.double('cost_usd').nullable();
    table.index(['entity_ref', 'at'], 'agents_usage_increments_entity_at_idx');
    table.index(['at'], 'agents_usage_increments_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agents_usage_increments');
  await knex.schema.dropTable('agents_usage_counters');
  await knex.schema.dropTable('agents_rescale_events');
  await knex.schema.dropTable('agents_replica_samples');
};
