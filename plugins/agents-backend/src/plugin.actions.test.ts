import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import request from 'supertest';
import { agentsPlugin } from './plugin';
import { agent } from './__testUtils__/entities';
import { kubernetesConfig } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(90_000);

const INSIDER = 'user:default/insider';
/** May not read invoice-reconciler's health nor billing-agent's usage. */
const LIMITED = 'user:default/limited';

const owned = (
  e: Entity,
  owner: string,
  system: string,
  extra: Record<string, unknown> = {},
): Entity => ({
  ...e,
  spec: { ...e.spec, owner, system, ...extra },
});
const entities = [
  owned(agent('billing-agent'), 'group:default/billing-team', 'payments', {
    budget: { monthlyUsd: 0.01 },
  }),
  owned(agent('invoice-reconciler'), 'billing-team', 'payments', {
    budget: { monthlyUsd: 1000 },
  }),
  owned(
    agent('summarizer-agent'),
    'group:default/support-team',
    'customer-support',
  ),
  owned(
    agent('secret-agent', {
      'backstage.io/kubernetes-id': 'summarizer-agent',
      'test/hidden': 'true',
    }),
    'group:default/support-team',
    'customer-support',
  ),
];

type Principal = { principal: { userEntityRef?: string } };
const sees = (e: Entity, c: Principal) =>
  !e.metadata.annotations?.['test/hidden'] ||
  c.principal.userEntityRef === INSIDER;

/** A catalog that answers with the caller's credentials: hidden agents only for INSIDER. */
const catalog = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const inner = catalogServiceMock({ entities });
    return Object.assign(Object.create(inner), {
      async getEntityByRef(ref: string, options: { credentials: Principal }) {
        const e = entities.find(x => stringifyEntityRef(x) === ref);
        return e && sees(e, options.credentials) ? e : undefined;
      },
      async getEntities(req: unknown, options: { credentials: Principal }) {
        const res = await inner.getEntities(req as never, options as never);
        return { items: res.items.filter(e => sees(e, options.credentials)) };
      },
    });
  },
});

const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const denied = new Set([
      'agents.health.read agent:default/invoice-reconciler',
      'agents.usage.read agent:default/billing-agent',
    ]);
    return {
      async authorize(requests, options) {
        const user = (options.credentials as Principal).principal.userEntityRef;
        return requests.map(r => {
          const key = `${r.permission.name} ${
            'resourceRef' in r ? r.resourceRef : ''
          }`;
          return {
            result:
              user === LIMITED && denied.has(key)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          };
        });
      },
      async authorizeConditional(requests) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
    } as PermissionsService;
  },
});

describe('actions for assistants', () => {
  let eu: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const registry = actionsRegistryServiceMock();
  const scheduler = mockServices.scheduler();

  const invoke = async (
    name: string,
    input: Record<string, unknown>,
    user?: string,
  ) =>
    (
      await registry.invoke({
        id: `test:${name}`,
        input: input as never,
        credentials: mockCredentials.user(user),
      })
    ).output as any;
  const rest = async (path: string, user?: string) =>
    (
      await request(backend.server)
        .get(`/api/agents${path}`)
        .set('Authorization', mockCredentials.user.header(user))
        .expect(200)
    ).body;
  const names = (out: { agents: Array<{ name: string }> }) =>
    out.agents.map(a => a.name);

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
    for (let i = 0; i < 10; i++) eu.sim.advance(60);
    backend = await startTestBackend({
      features: [
        agentsPlugin,
        catalog,
        permissions,
        mockServices.rootConfig.factory({
          data: { kubernetes: kubernetesConfig([eu]), agents: {} },
        }),
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => registry,
        }),
      ],
    });
    await waitFor(
      async () => {
        const s = await rest('/entities/default/billing-agent/status');
        return (
          s.clusters.every((c: { syncedAt?: string }) => c.syncedAt) &&
          s.clusters[0]?.pods.length > 0
        );
      },
      'the cache synced',
      20_000,
    );
    // history and spend to answer about: 20 minutes of billing-agent's calls cost about
    // $0.016, over its $0.01 budget
    for (let i = 0; i < 2; i++) {
      await scheduler.triggerTask('agents-usage-pod-metrics');
      await scheduler.triggerTask('agents-scaling-history');
      eu.sim.advance(1200);
    }
  });
  afterAll(async () => {
    await backend?.stop();
    await eu?.stop();
  });

  it('registers four read-only actions with described inputs', async () => {
    const { actions } = await registry.list();
    expect(actions.map(a => a.name).sort()).toEqual([
      'get-agent-scaling-history',
      'get-agent-status',
      'get-agent-usage',
      'list-agents',
    ]);
    for (const a of actions) {
      expect(a.attributes).toEqual({
        readOnly: true,
        destructive: false,
        idempotent: true,
      });
      expect(a.description.length).toBeGreaterThan(200);
      const props = Object.values(
        (
          a.schema.input as {
            properties: Record<string, { description?: string }>;
          }
        ).properties,
      );
      expect(props.length).toBeGreaterThan(0);
      for (const p of props) expect(p.description).toBeTruthy();
    }
  });

  it('lists the agents the caller may see, filtered as asked', async () => {
    expect(names(await invoke('list-agents', {}))).toEqual([
      'billing-agent',
      'invoice-reconciler',
      'summarizer-agent',
    ]);
    expect(names(await invoke('list-agents', {}, INSIDER))).toContain(
      'secret-agent',
    );
    expect(
      names(await invoke('list-agents', { owner: 'billing-team' })),
    ).toEqual(['billing-agent', 'invoice-reconciler']);
    expect(
      names(await invoke('list-agents', { system: 'customer-support' })),
    ).toEqual(['summarizer-agent']);
    expect(names(await invoke('list-agents', { state: 'down' }))).toEqual([
      'summarizer-agent',
    ]);
    expect(names(await invoke('list-agents', { overBudget: true }))).toEqual([
      'billing-agent',
    ]);
    expect(
      names(
        await invoke('list-agents', {
          overBudget: false,
          owner: 'billing-team',
        }),
      ),
    ).toEqual(['invoice-reconciler']);

    const overview = await rest('/overview');
    const listed = await invoke('list-agents', {});
    for (const a of listed.agents) {
      const o = overview.agents.find(
        (x: { entityRef: string }) => x.entityRef === a.entityRef,
      );
      expect(a).toMatchObject({
        state: o.state,
        reasons: o.reasons,
        owner: o.owner,
        replicas: o.replicas,
      });
    }
    // LIMITED may not read invoice-reconciler's health nor billing-agent's usage
    const limited = await invoke('list-agents', {}, LIMITED);
    expect(names(limited)).toEqual(['billing-agent', 'summarizer-agent']);
    expect(limited.agents[0]).not.toHaveProperty('budget');
    expect(limited.agents[0]).not.toHaveProperty('cost24hUsd');
  });

  it('answers one agent status as GET /status does; a hidden agent is not found', async () => {
    const s = await invoke('get-agent-status', { name: 'summarizer-agent' });
    const r = await rest('/entities/default/summarizer-agent/status');
    expect(s).toMatchObject({
      entityRef: 'agent:default/summarizer-agent',
      state: 'down',
      reasons: r.reasons,
    });
    expect(s.clusters[0].pods[0]).toMatchObject({
      ready: false,
      waitingReason: 'CrashLoopBackOff',
    });
    for (const user of [undefined, LIMITED]) {
      await expect(
        invoke('get-agent-status', { name: 'secret-agent' }, user),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    }
    await expect(
      invoke('get-agent-status', { name: 'no-such-agent' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(
      (await invoke('get-agent-status', { name: 'secret-agent' }, INSIDER))
        .state,
    ).toBe('down');
    await expect(
      invoke('get-agent-status', { name: 'invoice-reconciler' }, LIMITED),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      invoke('get-agent-status', { name: 'bad name' }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  it('answers usage and scaling history as their routes do, with the same refusals', async () => {
    const u = await invoke('get-agent-usage', {
      name: 'billing-agent',
      window: '24h',
    });
    const ru = await rest('/entities/default/billing-agent/usage?window=24h');
    expect(u).toMatchObject({
      source: 'pod-metrics',
      totals: ru.totals,
      models: ru.models,
    });
    expect(u.totals.costUsd).toBeGreaterThan(0);
    expect(u.budget).toMatchObject({
      monthlyUsd: 0.01,
      spentThisMonthUsd: ru.budget.spentThisMonthUsd,
    });
    expect(u).not.toHaveProperty('series');
    await expect(
      invoke('get-agent-usage', { name: 'billing-agent' }, LIMITED),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      invoke('get-agent-usage', { name: 'secret-agent' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });

    const h = await invoke('get-agent-scaling-history', {
      name: 'billing-agent',
      hours: 6,
    });
    const to = new Date();
    const rh = await rest(
      `/entities/default/billing-agent/scaling?from=${new Date(
        to.getTime() - 6 * 3600_000,
      ).toISOString()}&to=${to.toISOString()}`,
    );
    const last = rh.samples[rh.samples.length - 1];
    expect(h.autoscalers).toEqual([
      expect.objectContaining({
        autoscaler: last.autoscaler,
        samples: rh.samples.length,
        latest: {
          at: last.at,
          current: last.current,
          desired: last.desired,
          min: last.min,
          max: last.max,
        },
      }),
    ]);
    expect(h.rescaleCount).toBe(rh.events.length);
    await expect(
      invoke('get-agent-scaling-history', { name: 'secret-agent' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(
      invoke('get-agent-scaling-history', { name: 'billing-agent', hours: 0 }),
    ).rejects.toMatchObject({ name: 'InputError' });

    const all = JSON.stringify([
      u,
      h,
      await invoke('list-agents', {}, INSIDER),
      await invoke('get-agent-status', { name: 'billing-agent' }),
    ]);
    for (const leak of [
      'secretKeyRef',
      'valueFrom',
      'OPENAI_API_KEY',
      '-secrets',
      eu.token,
    ])
      expect(all).not.toContain(leak);
  });
});
