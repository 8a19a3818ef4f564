import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { testDatabases } from '../../__testUtils__/testDatabases';
import { waitFor } from '../ClusterCache/__testUtils__/waitFor';
import { ClusterSnapshot } from '../ClusterCache';
import { ReadinessService } from '../Readiness';
import {
  PodRef,
  ReadinessHandover,
  ReadinessRecord,
} from '../Readiness/handover';
import { createViewedAgents } from '../RequestBudget';
import { migrateAgentsDatabase } from '../ScalingHistory';
import { shareReadiness, SharedReadiness } from './shareReadiness';
import { shareViewedAgents } from './shareViewedAgents';

jest.setTimeout(60_000);

const SYNC_MS = 50;
const LEASE_MS = 1000;

/** Starts and stops of every replica's readiness work, in the order they happened. */
const events: string[] = [];

/** A readiness source whose results the test sets, as the fetching one would find them. */
function fakeSource(name: string) {
  const records = new Map<string, ReadinessRecord>();
  const behind = new Set<string>();
  let resumed: Array<PodRef & ReadinessRecord> | undefined;
  let running = false;
  const source: ReadinessService & ReadinessHandover = {
    get: (_c, _ns, pod) => records.get(pod)?.readiness,
    behind: (_c, _ns, pod) => behind.has(pod),
    record: (_c, _ns, pod) => records.get(pod),
    resume(rs) {
      resumed = rs;
      records.clear();
      for (const r of rs) records.set(r.pod, r);
    },
    setAgents() {},
    start() {
      running = true;
      events.push(`${name} start`);
    },
    async stop() {
      running = false;
      events.push(`${name} stop`);
    },
  };
  return {
    source,
    records,
    behind,
    running: () => running,
    resumed: () => resumed,
  };
}

const record = (check: string, ok: boolean, at: number): ReadinessRecord => ({
  readiness: {
    fetchedAt: new Date(at).toISOString(),
    checks: [{ name: check, ok }],
  },
  podReady: ok,
  fetchedAtMs: at,
  failures: 0,
});

/** One cluster, `eu`, whose pods every replica's watch cache lists. */
const pods = ['pod-0', 'pod-1', 'pod-2'];
const cache = {
  snapshots: (): ClusterSnapshot[] => [
    {
      cluster: 'eu',
      syncedAt: new Date().toISOString(),
      pods: pods.map(name => ({
        name,
        namespace: 'ai-agents',
        labels: { 'backstage.io/kubernetes-id': 'billing-agent' },
        phase: 'Running',
        ready: true,
        restarts: 0,
        conditions: [],
      })),
      deployments: [],
      hpas: [],
      scaledObjects: [],
      events: [],
    },
  ],
};

function replica(name: string, knex: Knex) {
  const fake = fakeSource(name);
  const shared = shareReadiness(fake.source, {
    knex,
    cache,
    logger: mockServices.logger.mock(),
    syncMs: SYNC_MS,
    leaseMs: LEASE_MS,
    replicaId: name,
  });
  return { ...fake, shared: shared as SharedReadiness };
}

/** Replicas `a` and `b` on one database, `a` at the work before `b` starts. */
async function startTwo(knexA: Knex, knexB: Knex) {
  const a = replica('a', knexA);
  const b = replica('b', knexB);
  a.shared.start();
  await waitFor(() => a.running(), 'a doing the work');
  b.shared.start();
  const stop = async () => {
    await b.shared.stop();
    await a.shared.stop();
  };
  return { a, b, stop };
}

describe.each(testDatabases())('replicas sharing readiness on $name', db => {
  beforeAll(() => db.setup(), 60_000);
  afterAll(() => db.teardown(), 60_000);
  beforeEach(() => void events.splice(0));

  it('runs the work in one replica, and every replica answers what it found', async () => {
    const { first, again } = await db.open();
    await migrateAgentsDatabase(first);
    const { a, b, stop } = await startTwo(first, again());
    try {
      a.records.set('pod-0', record('database', false, 1000));
      a.records.set('pod-1', record('database', true, 1000));
      a.behind.add('pod-2');
      for (const r of [a, b])
        await waitFor(
          () =>
            r.shared.get('eu', 'ai-agents', 'pod-0')?.checks[0].ok === false &&
            r.shared.behind('eu', 'ai-agents', 'pod-2'),
          `${r === a ? 'a' : 'b'} answering a's results`,
        );
      expect(b.shared.get('eu', 'ai-agents', 'pod-1')).toEqual(
        a.records.get('pod-1')!.readiness,
      );
      expect(b.shared.get('eu', 'ai-agents', 'pod-2')).toBeUndefined();
      expect(b.shared.behind('eu', 'ai-agents', 'pod-0')).toBe(false);

      const revision = b.shared.revision('eu', 'billing-agent');
      expect(revision).toBeGreaterThan(0);
      expect(b.shared.revision('eu', 'other-agent')).toBe(0);
      // a new result, and a pod the work forgot (gone, or no longer an Agent's)
      a.records.set('pod-0', record('database', true, 2000));
      a.records.delete('pod-1');
      a.behind.delete('pod-2');
      await waitFor(
        () =>
          b.shared.get('eu', 'ai-agents', 'pod-0')?.checks[0].ok === true &&
          !b.shared.get('eu', 'ai-agents', 'pod-1') &&
          !b.shared.behind('eu', 'ai-agents', 'pod-2'),
        "b answering a's new results",
      );
      expect(b.shared.revision('eu', 'billing-agent')).toBeGreaterThan(
        revision,
      );
      expect(events).toEqual(['a start']);
    } finally {
      await stop();
    }
  });

  it('hands the work over when its replica stops: the next one goes on from the last results', async () => {
    const { first, again } = await db.open();
    await migrateAgentsDatabase(first);
    const { a, b, stop } = await startTwo(first, again());
    try {
      a.records.set('pod-0', record('database', false, 1000));
      await waitFor(
        () => b.shared.get('eu', 'ai-agents', 'pod-0'),
        'b answering',
      );
      // found just before the stop: written on the way out, not lost
      a.records.set('pod-1', record('llm_api', false, 1500));
      await a.shared.stop();
      await waitFor(() => b.running(), 'b doing the work');
      expect(events).toEqual(['a start', 'a stop', 'b start']);
      expect(b.resumed()).toEqual([
        {
          cluster: 'eu',
          namespace: 'ai-agents',
          pod: 'pod-0',
          ...a.records.get('pod-0'),
        },
        {
          cluster: 'eu',
          namespace: 'ai-agents',
          pod: 'pod-1',
          ...a.records.get('pod-1'),
        },
      ]);
      b.records.set('pod-0', record('database', true, 3000));
      await waitFor(
        () => b.shared.get('eu', 'ai-agents', 'pod-0')?.checks[0].ok,
        'b answering its own results',
      );
    } finally {
      await stop();
    }
  });

  it('replaces a replica that can no longer reach the database, which stops working first', async () => {
    const { first, again } = await db.open();
    await migrateAgentsDatabase(first);
    const knexA = again();
    const { a, b, stop } = await startTwo(knexA, first);
    try {
      a.records.set('pod-0', record('database', false, 1000));
      await waitFor(
        () => b.shared.get('eu', 'ai-agents', 'pod-0'),
        'b answering',
      );
      await knexA.destroy();
      await waitFor(() => b.running(), 'b doing the work', 10 * LEASE_MS);
      // never two replicas at the work: a stopped before b could take over
      expect(events).toEqual(['a start', 'a stop', 'b start']);
      expect(b.resumed()).toEqual([
        {
          cluster: 'eu',
          namespace: 'ai-agents',
          pod: 'pod-0',
          ...a.records.get('pod-0'),
        },
      ]);
    } finally {
      await stop();
    }
  });
});

describe.each(testDatabases())(
  'replicas sharing viewed agents on $name',
  db => {
    beforeAll(() => db.setup(), 60_000);
    afterAll(() => db.teardown(), 60_000);

    it('tells every replica what was viewed on any, writing each agent at most once per 30 s', async () => {
      const { first, again } = await db.open();
      await migrateAgentsDatabase(first);
      const clock = { t: 1_000_000 };
      const now = () => clock.t;
      const writes: string[] = [];
      const knexA = again();
      knexA.on('query', (q: { sql: string }) => {
        if (/^insert into .agents_viewed./i.test(q.sql)) writes.push(q.sql);
      });
      const WINDOW = 300_000;
      const viewed = (knex: Knex) =>
        shareViewedAgents(createViewedAgents(WINDOW, now), {
          knex,
          logger: mockServices.logger.mock(),
          windowMs: WINDOW,
          syncMs: SYNC_MS,
          now,
        });
      const a = viewed(knexA);
      const b = viewed(first);
      a.start();
      b.start();
      try {
        const ref = 'agent:default/billing-agent';
        // the Agent tab asks for the status every few seconds
        for (let i = 0; i < 6; i++) {
          a.mark(ref);
          expect(a.has(ref)).toBe(true);
          clock.t += 4000;
        }
        await waitFor(() => b.has(ref), 'b knowing the view');
        expect(b.has('agent:default/other-agent')).toBe(false);
        await waitFor(() => writes.length === 1, 'one write');
        a.mark(ref);
        await new Promise(r => setTimeout(r, 10 * SYNC_MS));
        expect(writes).toHaveLength(1);
        clock.t += 6000;
        a.mark(ref);
        await waitFor(() => writes.length === 2, 'the next write, 30 s on');
        // a view ends for everyone when the window has passed
        clock.t += WINDOW + 1;
        await waitFor(() => !b.has(ref), 'b forgetting the view');
        expect(a.has(ref)).toBe(false);
      } finally {
        await a.stop();
        await b.stop();
      }
    });
  },
);
