import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { Knex } from 'knex';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';
import { testDatabases } from './__testUtils__/testDatabases';

jest.setTimeout(120_000);

const owned = (
  e: Entity,
  owner: string,
  spec: Record<string, unknown> = {},
  annotations: Record<string, string> = {},
): Entity => ({
  ...e,
  metadata: {
    ...e.metadata,
    annotations: { ...e.metadata.annotations, ...annotations },
  },
  spec: { ...e.spec, owner, ...spec },
});

const entities = [
  owned(agent('summarizer-agent'), 'group:default/support-team'),
  // the same crash-looping pods, opted out
  owned(
    agent('quiet-summarizer', {
      'backstage.io/kubernetes-id': 'summarizer-agent',
    }),
    'support-team',
    {},
    { 'agentdeck.io/notifications': 'off' },
  ),
  // hidden from most users by the catalog: told to its owner, whom the catalog decides about
  owned(
    agent('secret-summarizer', {
      'backstage.io/kubernetes-id': 'summarizer-agent',
      'test/hidden': 'true',
    }),
    'group:default/ai-platform',
  ),
  owned(agent('billing-agent'), 'group:default/billing-team', {
    budget: { monthlyUsd: 0.01 },
  }),
  owned(agent('invoice-reconciler'), 'group:default/billing-team'),
  ...['support-team', 'billing-team', 'ai-platform'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type: 'team', children: [] },
    }),
  ),
];

/** What the demo's sandbox pods carry and no notification may: env names, secret names, the cluster token. */
const leaks = (c: SandboxCluster) => [
  'secretKeyRef',
  'valueFrom',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'AGENT_MODELS',
  '-secrets',
  c.token,
];

describe.each(testDatabases())(
  'notifications of a running backend on $name',
  db => {
    let eu: SandboxCluster;
    const sent: NotificationSendOptions[] = [];
    const notifications = createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({
        send: async (o: NotificationSendOptions) => void sent.push(o),
      }),
    });

    async function start(knex: Knex) {
      // tasks run only when triggered, so the test knows when a pass happened
      const scheduler = mockServices.scheduler();
      const backend = await startAgentsBackend({
        clusters: [eu],
        entities,
        agents: {
          readiness: { intervalSeconds: 3600, readyIntervalSeconds: 3600 },
          notifications: {
            health: { downMinutes: 0, scalingLimitedMinutes: 0 },
          },
        },
        extra: [
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
          mockServices.database.factory({ knex }),
          notifications,
        ],
      });
      const status = async (name: string) =>
        (
          await request(backend.server)
            .get(`/api/agents/entities/default/${name}/status`)
            .set('Authorization', mockCredentials.user.header())
        ).body;
      await waitFor(async () => {
        const s = await status('summarizer-agent');
        return (
          s.state === 'down' &&
          s.clusters.every((c: { syncedAt?: string }) => c.syncedAt)
        );
      }, 'the cache synced');
      const pass = async () => {
        const before = sent.length;
        await scheduler.triggerTask('agents-notifications');
        return sent.slice(before);
      };
      return { backend, scheduler, status, pass };
    }
    const brief = (list: NotificationSendOptions[]) =>
      list
        .map(
          s =>
            `${(s.recipients as { entityRef: string }).entityRef}: ${
              s.payload.title
            }`,
        )
        .sort();

    beforeAll(async () => {
      await db.setup();
      eu = await startSandboxCluster({
        name: 'sandbox-eu',
        scenario: 'small',
        timeScale: 0,
      });
      for (let i = 0; i < 10; i++) eu.sim.advance(60); // past the scenario's one-off OOM kill
    }, 60_000);
    afterAll(async () => {
      await eu?.stop();
      await db.teardown();
    }, 60_000);

    it('tells each owning group once, from the cache alone, and nothing again after a restart', async () => {
      const { first, again } = await db.open();
      const one = await start(first);
      // two samples of the pods' /metrics make spend: 20 minutes of billing-agent's
      // 10 active requests on gpt-4o-mini (a call each 5 minutes) cost about $0.016
      await one.scheduler.triggerTask('agents-usage-pod-metrics');
      eu.sim.advance(1200);
      await one.scheduler.triggerTask('agents-usage-pod-metrics');
      // longer than the readiness scan and its fetches: what follows is the notifier's alone
      await new Promise(r => setTimeout(r, 2500));

      const calls = { ...eu.stats.byRoute };
      const told = await one.pass();
      // reading health and spend asked the API server nothing
      expect(eu.stats.byRoute).toEqual(calls);
      expect(brief(told)).toEqual([
        'group:default/ai-platform: secret-summarizer is down',
        'group:default/billing-team: billing-agent has used 100 % of its monthly budget',
        'group:default/support-team: summarizer-agent is down',
      ]);
      const down = told.find(
        s => s.payload.title === 'summarizer-agent is down',
      );
      expect(down).toEqual({
        recipients: { type: 'entity', entityRef: 'group:default/support-team' },
        payload: expect.objectContaining({
          description:
            'For more than 0 minutes: 1 of 1 pods not ready, 1 in CrashLoopBackOff.',
          severity: 'critical',
          link: '/catalog/default/agent/summarizer-agent/agent',
        }),
      });
      const usage = await request(one.backend.server)
        .get('/api/agents/entities/default/billing-agent/usage?window=24h')
        .set('Authorization', mockCredentials.user.header());
      const spent = usage.body.budget.spentThisMonthUsd as number;
      expect(spent).toBeGreaterThan(0.01);
      expect(
        told.find(s => s.payload.title.startsWith('billing-agent'))?.payload
          .description,
      ).toContain(
        `$${spent.toFixed(2)} of $0.01 spent in ${new Date()
          .toISOString()
          .slice(0, 7)}`,
      );
      for (const leak of leaks(eu))
        expect(JSON.stringify(told)).not.toContain(leak);

      expect(await one.pass()).toEqual([]);
      await one.backend.stop();

      const two = await start(again());
      expect(await two.pass()).toEqual([]);
      await two.backend.stop();
    });

    it('follows an incident up once when it is over', async () => {
      const { first, again } = await db.open();
      const one = await start(first);
      await one.pass();
      eu.sim.setDependency(
        'invoice-reconciler',
        'llm_api',
        false,
        'error: 401 from provider',
      );
      eu.sim.setLoad('billing-agent', 200);
      for (let i = 0; i < 20; i++) eu.sim.advance(60);
      await waitFor(
        async () => (await one.status('invoice-reconciler')).state === 'down',
        'invoice-reconciler down',
      );
      await waitFor(
        async () =>
          (
            await one.status('billing-agent')
          ).clusters[0]?.autoscalers[0]?.limited,
        'HPA limited',
      );
      const incidents = await one.pass();
      expect(brief(incidents)).toEqual([
        'group:default/billing-team: billing-agent cannot scale up: its autoscaler is at maximum',
        'group:default/billing-team: invoice-reconciler is down',
      ]);
      expect(JSON.stringify(incidents)).not.toContain('401 from provider');
      await one.backend.stop();

      const two = await start(again());
      expect(await two.pass()).toEqual([]);
      eu.sim.setDependency('invoice-reconciler', 'llm_api', true);
      eu.sim.setLoad('billing-agent', 1);
      for (let i = 0; i < 20; i++) eu.sim.advance(60);
      await waitFor(
        async () => (await two.status('invoice-reconciler')).state !== 'down',
        'invoice-reconciler up',
      );
      await waitFor(
        async () =>
          !(
            await two.status('billing-agent')
          ).clusters[0]?.autoscalers[0]?.limited,
        'HPA free',
      );
      expect(brief(await two.pass())).toEqual([
        'group:default/billing-team: billing-agent scales freely again',
        'group:default/billing-team: invoice-reconciler is running again',
      ]);
      expect(await two.pass()).toEqual([]);
      await two.backend.stop();
    });
  },
);
