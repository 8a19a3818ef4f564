import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { startPostgres, TestPostgres } from '@agentdeck/test-utils';
import {
  AgentStatusResponse,
  PodStatus,
} from '@agentdeck/plugin-agents-common';
import { Knex } from 'knex';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(120_000);

type Backend = Awaited<ReturnType<typeof startAgentsBackend>>;

const scenarioAgent = (name: string, replicas: number) => ({
  name,
  namespace: 'ai-agents',
  replicas,
  checks: ['llm_api', 'database'],
  scaling: { mode: 'none' as const },
});

/**
 * Two backends on one PostgreSQL, as two replicas of one deployment, against
 * a sandbox that counts every request its API server gets. Readiness is
 * re-fetched only when a pod's Ready condition flips (the intervals are an
 * hour), so each flip costs exactly one request per pod, whichever replica
 * makes it, and any repeated work shows in the count.
 */
describe('two backend replicas on one PostgreSQL', () => {
  let pg: TestPostgres;
  let sandbox: SandboxCluster;
  const backends: Backend[] = [];
  const entities = [agent('fleet-agent'), agent('other-agent')];
  const proxied = () => sandbox.stats.byRoute['get pods/proxy'] ?? 0;

  const start = async (knex: Knex, logger = mockServices.logger.mock()) => {
    const backend = await startAgentsBackend({
      clusters: [sandbox],
      entities,
      agents: {
        readiness: {
          source: 'proxy',
          intervalSeconds: 3600,
          readyIntervalSeconds: 3600,
        },
        // usage from a Prometheus that is not there: every pod-proxy request counted is readiness
        usage: { prometheus: { baseUrl: 'http://127.0.0.1:9' } },
      },
      extra: [mockServices.database.factory({ knex }), logger.factory],
    });
    backends.push(backend);
    return backend;
  };

  const podsOf = async (backend: Backend, name: string) => {
    const res = await request(backend.server)
      .get(`/api/agents/entities/default/${name}/status`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body: AgentStatusResponse = res.body;
    return body.clusters.flatMap(c => c.pods);
  };

  /** Both agents' pods as the backend answers, once `ok` holds for every one of them. */
  const answered = (
    backend: Backend,
    what: string,
    ok: (pod: PodStatus, agentName: string) => boolean,
  ) =>
    waitFor(async () => {
      const fleet = await podsOf(backend, 'fleet-agent');
      const other = await podsOf(backend, 'other-agent');
      return (
        fleet.length === 4 &&
        other.length === 2 &&
        fleet.every(p => ok(p, 'fleet-agent')) &&
        other.every(p => ok(p, 'other-agent')) && { fleet, other }
      );
    }, what);

  const failing = (p: PodStatus) =>
    p.readiness?.checks.some(
      c =>
        c.name === 'database' &&
        !c.ok &&
        (c.message ?? '').includes('connection refused'),
    ) ?? false;
  const passing = (p: PodStatus) =>
    !!p.readiness && p.readiness.checks.every(c => c.ok);

  beforeAll(async () => {
    pg = await startPostgres();
    sandbox = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: {
        name: 'replicas',
        agents: [
          scenarioAgent('fleet-agent', 4),
          scenarioAgent('other-agent', 2),
        ],
      },
      timeScale: 0,
    });
    sandbox.sim.advance(40);
  });

  afterAll(async () => {
    for (const b of backends) await b.stop();
    await sandbox?.stop();
    await pg?.stop();
  });

  it('fetches each pod once for both, shows both the failing check, and goes on when the fetching replica stops', async () => {
    const first = await start(await pg.createDatabase('agents'));
    await answered(first, 'the first replica answering readiness', passing);
    // one first fetch per Agent pod
    expect(proxied()).toBe(6);

    const logger = mockServices.logger.mock();
    const second = await start(pg.connect('agents'), logger);
    await answered(second, 'the second replica answering readiness', passing);
    // it has listed the cluster and looked at the lease: it could do the work now
    await waitFor(
      () =>
        logger.info.mock.calls.some(([m]) =>
          /^Readiness is fetched by replica |now fetches readiness/.test(m),
        ),
      'the second replica looking at the lease',
    );
    // the second replica fetched nothing: it answers what the first wrote
    expect(proxied()).toBe(6);

    sandbox.sim.setDependency(
      'fleet-agent',
      'database',
      false,
      'error: connection refused',
    );
    sandbox.sim.advance(30);
    const isFailing = (p: PodStatus, name: string) =>
      name === 'fleet-agent' ? failing(p) : passing(p);
    const before = await answered(
      first,
      'the failing check on the first replica',
      isFailing,
    );
    await answered(second, 'the failing check on the second', isFailing);
    // one fetch per pod that turned unready, not one per replica
    expect(proxied()).toBe(10);

    // the replica doing the work stops; the other takes over from its results
    backends.splice(backends.indexOf(first), 1);
    await first.stop();
    sandbox.sim.setDependency('fleet-agent', 'database', true);
    sandbox.sim.advance(30);
    const after = await answered(
      second,
      'fresh answers after the takeover',
      passing,
    );
    for (const pod of after.fleet) {
      const was = before.fleet.find(p => p.name === pod.name)!;
      expect(Date.parse(pod.readiness!.fetchedAt)).toBeGreaterThan(
        Date.parse(was.readiness!.fetchedAt),
      );
    }
    // one fetch per pod that turned ready again; the pods fetched before were not fetched anew
    expect(proxied()).toBe(14);
  });
});
