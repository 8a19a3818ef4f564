import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import {
  HostileBehaviour,
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { startPostgres, TestPostgres } from '@agentdeck/test-utils';
import { kubernetesConfig } from '../../__testUtils__/startAgentsBackend';
import { createPodProxy, readClusters } from '../ClusterCache';
import { createKubeClient } from '../ClusterCache/kubeClient';
import { migrateAgentsDatabase } from '../ScalingHistory/migrations';
import { agentEntity, createFakeStatus } from '../../__testUtils__/fakeStatus';
import { sandboxPods } from '../../__testUtils__/sandboxClient';
import { sqliteClient } from '../../__testUtils__/sqlite';
import { createPodMetricsSampler } from './createPodMetricsSampler';
import { createPodMetricsUsageReader } from './createPodMetricsUsageReader';
import { createUsageService } from './createUsageService';
import { createPodMetricsStore } from './podMetricsStore';

jest.setTimeout(90_000);

const NAMES = ['flood', 'huge-label', 'inflate', 'toggle', 'honest'] as const;
const agentName = (n: string) => `${n}-agent`;
const scenario = {
  name: 'hostile-metrics',
  agents: NAMES.map(n => ({
    name: agentName(n),
    namespace: 'ai-agents',
    replicas: 1,
    scaling: { mode: 'none' as const },
    behaviours:
      n === 'honest' ? {} : { hostile: { metrics: n } as HostileBehaviour },
  })),
};
const entity = (n: string) =>
  agentEntity(
    agentName(n),
    {},
    { 'backstage.io/kubernetes-namespace': 'ai-agents' },
  );
const ref = (n: string) => `agent:default/${agentName(n)}`;

describe.each(['SQLite', 'PostgreSQL 15'])(
  'pods /metrics of hostile agents on %s',
  dbName => {
    let sandbox: SandboxCluster;
    let pg: TestPostgres | undefined;
    let knex: Knex;

    beforeAll(async () => {
      sandbox = await startSandboxCluster({
        name: 'sandbox-eu',
        scenario,
        timeScale: 0,
      });
      // young pods: what their counters show at the first sample is counted
      sandbox.sim.advance(20);
      if (dbName === 'SQLite') {
        knex = sqliteClient();
      } else {
        pg = await startPostgres();
        knex = await pg.createDatabase('hostile');
      }
      await migrateAgentsDatabase(knex);
    });

    afterAll(async () => {
      if (!pg) await knex?.destroy();
      await pg?.stop();
      await sandbox?.stop();
    });

    it('keeps them out and says so once, writing nothing of the refused pages', async () => {
      const [cluster] = readClusters(
        new ConfigReader({ kubernetes: kubernetesConfig([sandbox]) }),
      );
      const client = createKubeClient(cluster!);
      const status = createFakeStatus();
      for (const n of NAMES)
        status.set(entity(n), {
          pods: await sandboxPods(sandbox, 'ai-agents', agentName(n)),
        });
      const logger = mockServices.logger.mock();
      const store = createPodMetricsStore(knex);
      const now = () => sandbox.sim.now().getTime();
      const sampler = createPodMetricsSampler({
        store,
        status: status.service,
        podProxy: createPodProxy(() => client),
        logger,
        settings: { port: 8000, path: '/metrics', sampleIntervalSeconds: 15 },
        now,
      });
      const t0 = now() - 1;

      // The cost of a hostile page is bounded by what is parsed and written (asserted below on
      // the database); how fast that is belongs to the bench, not to a timed unit test.
      const results = [];
      try {
        for (let i = 0; i < 8; i++) {
          results.push(await sampler.sample(NAMES.map(entity)));
          sandbox.sim.advance(15);
        }
      } finally {
        client.close();
      }
      expect(
        results.every(r => r.errors.length === 0 && r.pods === NAMES.length),
      ).toBe(true);
      const causes = results[0]!.rejected.map(r => [r.entityRef, r.cause]);
      expect(causes).toEqual([
        [ref('flood'), 'too-many-series'],
        [ref('huge-label'), 'label-too-long'],
        [ref('inflate'), 'non-finite'],
      ]);
      expect(results[3]!.rejected.map(r => [r.entityRef, r.cause])).toEqual([
        ...causes,
        [ref('toggle'), 'toggling'],
      ]);

      // nothing of the refused pages reached the database but one marker per pod
      for (const n of ['flood', 'huge-label', 'inflate']) {
        const counters = await knex('agents_usage_counters').where({
          entity_ref: ref(n),
        });
        expect(counters.map(c => c.series)).toEqual([
          `!rejected|${causes.find(c => c[0] === ref(n))![1]}`,
        ]);
        expect(
          await knex('agents_usage_increments').where({ entity_ref: ref(n) }),
        ).toEqual([]);
      }

      // warned once per pod and cause, not at every sample
      const warned = (logger.warn as jest.Mock).mock.calls.map(c =>
        String(c[0]),
      );
      expect(warned).toHaveLength(4);
      expect(warned.find(w => w.includes('flood-agent'))).toMatch(
        /left out: it exposes more than 200 usage series$/,
      );

      const reader = createPodMetricsUsageReader(store);
      const usage = createUsageService({ reader, prices: [], now });
      const flood = await usage.getUsage(entity('flood'), '24h');
      expect(flood).toMatchObject({
        models: [],
        totals: { inputTokens: 0, costUsd: 0 },
      });
      expect(flood.rejected).toEqual([
        expect.objectContaining({
          cluster: 'sandbox-eu',
          namespace: 'ai-agents',
          cause: 'too-many-series',
        }),
      ]);
      expect(flood.rejected![0]!.pod).toMatch(/^flood-agent-/);

      // a toggling counter counts once at first sight and once after its one believed reset
      const toggle = await reader.total(entity('toggle'), t0, now());
      expect(toggle.find(m => m.model === 'toggle-model')?.inputTokens).toBe(
        800_000,
      );
      const honestOfToggle = toggle.find(m => m.model === 'openai/gpt-4o-mini');
      const honest = await usage.getUsage(entity('honest'), '24h');
      expect(honest.rejected).toBeUndefined();
      expect(honest.totals.inputTokens).toBeGreaterThan(0);
      expect(honestOfToggle?.inputTokens).toBe(honest.totals.inputTokens);
      expect(Number.isFinite(honest.totals.costUsd)).toBe(true);
    });

    it('refuses a page past maxBytes through the real pod proxy', async () => {
      const [cluster] = readClusters(
        new ConfigReader({ kubernetes: kubernetesConfig([sandbox]) }),
      );
      const client = createKubeClient(cluster!);
      const status = createFakeStatus();
      status.set(entity('flood'), {
        pods: await sandboxPods(sandbox, 'ai-agents', agentName('flood')),
      });
      const sampler = createPodMetricsSampler({
        store: createPodMetricsStore(knex),
        status: status.service,
        podProxy: createPodProxy(() => client),
        logger: mockServices.logger.mock(),
        settings: {
          port: 8000,
          path: '/metrics',
          sampleIntervalSeconds: 15,
          maxBytes: 64 * 1024,
        },
        now: () => sandbox.sim.now().getTime(),
      });
      try {
        const r = await sampler.sample([entity('flood')]);
        expect(r.rejected.map(x => x.cause)).toEqual(['too-large']);
        expect(r.errors).toEqual([]);
      } finally {
        client.close();
      }
    });
  },
);
