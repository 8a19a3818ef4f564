import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { freePort } from '@agentdeck/test-utils';
import { agentsPlugin } from './plugin';
import { agent } from './__testUtils__/entities';
import { sqliteClient } from './__testUtils__/sqlite';
import { createHistoryStore } from './services/ScalingHistory';

jest.setTimeout(60000);

const INSIDER = 'user:default/insider';
const hidden = (e: Entity) => Boolean(e.metadata.annotations?.['test/hidden']);
const withOwner = (e: Entity, owner: string, system?: string): Entity => ({
  ...e,
  spec: { ...e.spec, owner, ...(system ? { system } : {}) },
});

const entities = [
  withOwner(agent('billing-agent'), 'group:default/billing-team', 'payments'),
  withOwner(agent('invoice-reconciler'), 'billing-team', 'payments'),
  withOwner(
    agent('code-review-agent'),
    'group:default/ai-platform',
    'developer-tools',
  ),
  withOwner(
    agent('secret-agent', {
      'backstage.io/kubernetes-id': 'secret-agent',
      'test/hidden': 'true',
    }),
    'group:default/ai-platform',
  ),
];

type Principal = { principal: { userEntityRef?: string } };
const sees = (e: Entity, c: Principal) =>
  !hidden(e) || c.principal.userEntityRef === INSIDER;

/** The catalog answers with the caller's credentials: hidden agents only for INSIDER. */
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

/** LIMITED may not read code-review-agent's health nor billing-agent's usage; everyone else may do all. */
const LIMITED = 'user:default/limited';
let authorizeCalls = 0;
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const denied = new Set([
      'agents.health.read agent:default/code-review-agent',
      'agents.usage.read agent:default/billing-agent',
    ]);
    return {
      async authorize(requests, options) {
        authorizeCalls += 1;
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

describe('scaling, usage and overview routes', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let promUrl = '';
  // the plugin's own database, so a test can write history the way the collector does
  const knex = sqliteClient();

  beforeAll(async () => {
    // Nothing listens there: usage must name Prometheus and still answer 200.
    promUrl = `http://127.0.0.1:${await freePort()}`;
    backend = await startTestBackend({
      features: [
        agentsPlugin,
        catalog,
        permissions,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [{ type: 'config', clusters: [] }],
            },
            agents: {
              usage: { prometheus: { baseUrl: promUrl, timeoutMs: 1000 } },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await knex.destroy();
  });

  const get = (path: string, user?: string) =>
    request(backend.server)
      .get(`/api/agents${path}`)
      .set('Authorization', mockCredentials.user.header(user));

  it.each([
    ['/entities/default/billing-agent/scaling?from=yesterday', 'from'],
    ['/entities/default/billing-agent/scaling?to=later', 'to'],
    [
      '/entities/default/billing-agent/scaling?from=2020-01-01T00:00:00Z&to=2020-06-01T00:00:00Z',
      'from',
    ],
    ['/entities/default/billing-agent/usage?window=1y', 'window'],
  ])('answers 400 for %s naming %s', async (path, param) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(`'${param}'`);
  });

  it('answers the stored history of a visible agent: the window, and the value it starts with', async () => {
    const store = createHistoryStore(knex);
    const hpa = {
      entityRef: 'agent:default/billing-agent',
      cluster: 'sandbox-eu',
      namespace: 'ai-agents',
      autoscaler: 'billing-agent',
    };
    const at = (iso: string) => Date.parse(iso);
    const sample = (
      seq: number,
      iso: string,
      current: number,
      desired: number,
    ) => ({ seq, at: at(iso), current, desired, min: 2, max: 10 });
    await store.insertSample(hpa, sample(1, '2025-05-31T22:00:00Z', 2, 2));
    await store.insertSample(hpa, sample(2, '2025-06-01T06:00:00Z', 2, 5));
    await store.insertSample(hpa, sample(3, '2025-06-01T06:01:00Z', 5, 5));
    await store.insertSample(hpa, sample(4, '2025-06-02T03:00:00Z', 3, 3));
    await store.insertSample(
      { ...hpa, entityRef: 'agent:default/invoice-reconciler' },
      sample(1, '2025-06-01T12:00:00Z', 1, 1),
    );
    const rescale = {
      at: '2025-06-01T06:00:00.000Z',
      cluster: 'sandbox-eu',
      namespace: 'ai-agents',
      object: 'HorizontalPodAutoscaler/billing-agent',
      reason: 'SuccessfulRescale',
      message:
        'New size: 5; reason: pods metric agent_active_requests above target',
      from: 2,
      to: 5,
    };
    await store.insertEvents('agent:default/billing-agent', [
      rescale,
      {
        ...rescale,
        at: '2025-06-02T03:00:00.000Z',
        message: 'New size: 3; reason: All metrics below target',
        from: 5,
        to: 3,
      },
    ]);

    const res = await get(
      '/entities/default/billing-agent/scaling?from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z',
    );
    expect(res.status).toBe(200);
    const where = {
      cluster: 'sandbox-eu',
      namespace: 'ai-agents',
      autoscaler: 'billing-agent',
      min: 2,
      max: 10,
    };
    expect(res.body).toEqual({
      entityRef: 'agent:default/billing-agent',
      from: '2025-06-01T00:00:00.000Z',
      to: '2025-06-02T00:00:00.000Z',
      retentionDays: 30,
      samples: [
        { at: '2025-05-31T22:00:00.000Z', ...where, current: 2, desired: 2 },
        { at: '2025-06-01T06:00:00.000Z', ...where, current: 2, desired: 5 },
        { at: '2025-06-01T06:01:00.000Z', ...where, current: 5, desired: 5 },
      ],
      events: [rescale],
    });
  });

  it('answers 404 for an agent the caller cannot see, and 200 for one who can', async () => {
    expect((await get('/entities/default/secret-agent/scaling')).status).toBe(
      404,
    );
    expect((await get('/entities/default/secret-agent/usage')).status).toBe(
      404,
    );
    expect(
      (await get('/entities/default/secret-agent/scaling', INSIDER)).status,
    ).toBe(200);
  });

  it('answers usage with the Prometheus error named, its address withheld, and the page intact', async () => {
    const res = await get('/entities/default/billing-agent/usage?window=7d');
    expect(res.status).toBe(200);
    expect(res.body.error).toBe(
      'Prometheus could not be reached (ECONNREFUSED)',
    );
    expect(JSON.stringify(res.body)).not.toContain(promUrl);
    expect(res.body).toMatchObject({
      window: '7d',
      source: { kind: 'prometheus' },
      models: [],
    });
  });

  it('lists only the agents the caller may see, with owner rollups', async () => {
    const res = await get('/overview');
    expect(res.status).toBe(200);
    expect(res.body.agents.map((a: { name: string }) => a.name)).toEqual([
      'billing-agent',
      'code-review-agent',
      'invoice-reconciler',
    ]);
    expect(
      res.body.owners.map((o: { owner: string; agents: number }) => [
        o.owner,
        o.agents,
      ]),
    ).toEqual([
      ['group:default/ai-platform', 1],
      ['group:default/billing-team', 2],
    ]);
    const insider = await get('/overview', INSIDER);
    expect(insider.body.agents).toHaveLength(4);
  });

  it('filters the overview by owner and system in any ref spelling', async () => {
    const byOwner = await get('/overview?owner=billing-team');
    expect(byOwner.body.agents.map((a: { name: string }) => a.name)).toEqual([
      'billing-agent',
      'invoice-reconciler',
    ]);
    const bySystem = await get(
      '/overview?system=system:default/developer-tools',
    );
    expect(bySystem.body.agents.map((a: { name: string }) => a.name)).toEqual([
      'code-review-agent',
    ]);
    const bad = await get('/overview?owner=a&owner=b');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("'owner'");
  });

  it('drops agents whose health is denied and blanks usage where usage is denied, in one authorize call', async () => {
    authorizeCalls = 0;
    const res = await get('/overview', LIMITED);
    expect(res.status).toBe(200);
    expect(authorizeCalls).toBe(1);
    expect(res.body.agents.map((a: { name: string }) => a.name)).toEqual([
      'billing-agent',
      'invoice-reconciler',
    ]);
    const billing = res.body.agents.find(
      (a: { name: string }) => a.name === 'billing-agent',
    );
    expect(billing).toMatchObject({
      tokens24h: { input: 0, output: 0 },
      cost24hUsd: 0,
      usageError: 'not permitted',
    });
    const invoice = res.body.agents.find(
      (a: { name: string }) => a.name === 'invoice-reconciler',
    );
    expect(invoice.usageError).not.toBe('not permitted');
    expect(
      res.body.owners.map((o: { owner: string; agents: number }) => [
        o.owner,
        o.agents,
      ]),
    ).toEqual([['group:default/billing-team', 2]]);
  });

  it('registers its permissions with the permission system', async () => {
    const res = await request(backend.server).get(
      '/api/agents/.well-known/backstage/permissions/metadata',
    );
    expect(res.status).toBe(200);
    expect(
      res.body.permissions.map((p: { name: string }) => p.name).sort(),
    ).toEqual([
      'agents.health.read',
      'agents.unregistered.read',
      'agents.usage.read',
    ]);
  });
});
