/*
 * What backend replicas on one database share so that the pod-proxy work
 * behind readiness runs once: a lease naming the replica that does it, the
 * results it wrote, and the agents someone viewed on any replica. Times are
 * epoch milliseconds (bigint), as in the other tables.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  // One row per kind of shared work. `beat` grows with every renewal and
  // takeover: a replica that sees it stand still for the lease time takes
  // over, so no two clocks are compared.
  await knex.schema.createTable('agents_leases', table => {
    table.string('name', 64).notNullable().primary();
    // '' when the last holder let go
    table.string('holder', 255).notNullable();
    table.bigInteger('beat').notNullable();
    table.bigInteger('renewed_at').notNullable();
  });

  // The lease holder's readiness of each pod; the other replicas read the
  // rows whose `version` (the lease's beat when written) is newer than the
  // last they saw. A null `readiness` with `behind` false is a pod gone.
  await knex.schema.createTable('agents_readiness', table => {
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('pod', 255).notNullable();
    // the pod's backstage.io/kubernetes-id label, for per-agent revisions
    table.string('kubernetes_id', 255).nullable();
    table.text('readiness').nullable();
    // what a replica taking over needs to go on where the last one stopped
    table.boolean('pod_ready').notNullable();
    table.bigInteger('fetched_at_ms').notNullable();
    table.integer('failures').notNullable();
    table.boolean('behind').notNullable();
    table.bigInteger('version').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.primary(['cluster', 'namespace', 'pod']);
    table.index(['version'], 'agents_readiness_version_idx');
    table.index(['updated_at'], 'agents_readiness_updated_at_idx');
  });

  // When someone last had an agent's page open, on any replica.
  await knex.schema.createTable('agents_viewed', table => {
    table.string('entity_ref', 255).notNullable().primary();
    table.bigInteger('viewed_at').notNullable();
    table.index(['viewed_at'], 'agents_viewed_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agents_viewed');
  await knex.schema.dropTable('agents_readiness');
  await knex.schema.dropTable('agents_leases');
};
