import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { agentsPlugin } from './plugin';
import { agent, component } from './__testUtils__/entities';
import {
  INSIDER,
  startAgentsBackend,
} from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(60000);

/** The plugin's scheduled background tasks, run by hand so a test knows when they ran. */
const BACKGROUND_TASKS = [
  'agents-scaling-history',
  'agents-usage-pod-metrics',
  'agents-usage-summary',
];
/** Longer than the readiness scan (1 s) plus its fetches, so work a view queued there has happened. */
const READINESS_SETTLE_MS = 2500;

const entities = [
  agent('billing-agent'),
  agent('summarizer-agent'),
  agent('invoice-reconciler'),
  agent('experimental-planner', {}),
  agent('billing-by-selector', {
    'backstage.io/kubernetes-label-selector': 'app=billing-agent',
    'backstage.io/kubernetes-namespace': 'ai-agents',
  }),
  agent('billing-elsewhere', {
    'backstage.io/kubernetes-id': 'billing-agent',
    'backstage.io/kubernetes-namespace': 'other',
  }),
  agent('secret-agent', {
    'backstage.io/kubernetes-id': 'billing-agent',
    'test/hidden': 'true',
  }),
  component,
  { ...agent('foreign-agent'), apiVersion: 'example.com/v1' },
];

describe('GET /api/agents/entities/:namespace/:name/status', () => {
  let eu: SandboxCluster;
  let us: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startAgentsBackend>>;
  // runs tasks only when triggered: background passes happen exactly where a test says
  const scheduler = mockServices.scheduler();

  const status = async (
    name: string,
    user?: string,
  ): Promise<AgentStatusResponse> => {
    const res = await request(backend.server)
      .get(`/api/agents/entities/default/${name}/status`)
      .set('Authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return res.body;
  };
  const podsOf = (s: AgentStatusResponse) => s.clusters.flatMap(c => c.pods);

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
    us = await startSandboxCluster({
      name: 'sandbox-us',
      scenario: 'small',
      timeScale: 0,
    });
    // past the scenario's one-off OOM kill, so both fleets start clean
    for (let i = 0; i < 10; i++) {
      eu.sim.advance(60);
      us.sim.advance(60);
    }
    backend = await startAgentsBackend({
      clusters: [eu, us],
      entities,
      // readiness re-fetches only on a Ready flip: a fetch in a quiet window is one a view caused
      agents: {
        readiness: {
          intervalSeconds: 3600,
          readyIntervalSeconds: 3600,
          timeoutMs: 2000,
        },
        cache: { backoffMinMs: 50, backoffMaxMs: 500 },
      },
      extra: [
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
      ],
    });
    await waitFor(
      async () => {
        const s = await status('billing-agent');
        return (
          s.clusters.length === 2 &&
          podsOf(s).length > 0 &&
          podsOf(s).every(p => p.readiness) &&
          s
        );
      },
      'both clusters synced with readiness',
      20000,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await eu?.stop();
    await us?.stop();
  });

  it('answers rollout, pods, readiness and HPA for an agent in two clusters', async () => {
    const s = await status('billing-agent');
    expect(s.entityRef).toBe('agent:default/billing-agent');
    expect(s.selector).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=billing-agent',
    });
    expect(s.clusters.map(c => c.cluster).sort()).toEqual([
      'sandbox-eu',
      'sandbox-us',
    ]);
    expect(s.noWorkloads).toBeUndefined();
    expect(s.dataAgeSeconds).toBeGreaterThanOrEqual(0);
    for (const c of s.clusters) {
      expect(c.error).toBeUndefined();
      expect(Date.parse(c.syncedAt ?? '')).not.toBeNaN();
      expect(c.workloads).toEqual([
        expect.objectContaining({
          kind: 'Deployment',
          name: 'billing-agent',
          namespace: 'ai-agents',
          desired: expect.any(Number),
          updated: expect.any(Number),
          ready: expect.any(Number),
          available: expect.any(Number),
          conditions: expect.arrayContaining([
            expect.objectContaining({ type: 'Available' }),
          ]),
        }),
      ]);
      for (const pod of c.pods) {
        expect(pod).toMatchObject({
          namespace: 'ai-agents',
          phase: 'Running',
          workload: 'billing-agent',
          restarts: expect.any(Number),
          node: expect.any(String),
          createdAt: expect.any(String),
        });
        expect(pod.readiness).toMatchObject({
          httpStatus: 200,
          fetchedAt: expect.any(String),
          load: expect.stringMatching(/^\d+\/\d+$/),
        });
        expect(pod.readiness?.checks).toEqual(
          expect.arrayContaining([
            { name: 'llm_api', ok: true },
            { name: 'database', ok: true },
          ]),
        );
      }
      const [hpa] = c.autoscalers;
      expect(c.autoscalers).toHaveLength(1);
      expect(hpa).toMatchObject({
        kind: 'HorizontalPodAutoscaler',
        name: 'billing-agent',
        minReplicas: 2,
        maxReplicas: 10,
        target: { kind: 'Deployment', name: 'billing-agent' },
      });
      expect(hpa.limited).toBe(
        hpa.conditions.some(
          x => x.type === 'ScalingLimited' && x.status === 'True',
        ),
      );
      expect(hpa.metrics).toEqual([
        {
          name: 'agent_active_requests',
          source: 'Pods',
          targetType: 'AverageValue',
          target: '8',
          current: expect.stringMatching(/^[\d.]+$/),
        },
      ]);
      expect(hpa.conditions.map(x => x.type)).toEqual(
        expect.arrayContaining([
          'AbleToScale',
          'ScalingActive',
          'ScalingLimited',
        ]),
      );
    }
  });

  it('never shows env values or secret references', async () => {
    const text = JSON.stringify(await status('billing-agent'));
    for (const leak of [
      'secretKeyRef',
      'OPENAI_API_KEY',
      'valueFrom',
      '"env"',
      eu.token,
      us.token,
    ])
      expect(text).not.toContain(leak);
  });

  it('explains a crash-looping agent, with the proxy error as its readiness', async () => {
    const s = await status('summarizer-agent');
    expect(s.state).toBe('down');
    const [pod] = podsOf(s);
    expect(pod).toMatchObject({
      ready: false,
      waitingReason: 'CrashLoopBackOff',
      lastTerminationReason: 'Error',
    });
    expect(pod.restarts).toBeGreaterThan(0);
    expect(s.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^summarizer-agent-\S+: CrashLoopBackOff, \d+ restarts$/,
        ),
      ]),
    );
    expect(s.reasons[0]).toMatch(/pods not ready/);
  });

  it('shows a KEDA ScaledObject with triggers and health, folding in the HPA KEDA made', async () => {
    const s = await status('invoice-reconciler');
    const autoscalers = s.clusters.flatMap(c => c.autoscalers);
    expect(autoscalers.map(a => a.kind)).toEqual([
      'ScaledObject',
      'ScaledObject',
    ]);
    const [so] = autoscalers;
    expect(so).toMatchObject({
      name: 'invoice-reconciler',
      minReplicas: 1,
      maxReplicas: 8,
      limited: false,
    });
    expect(so.metrics).toEqual([
      expect.objectContaining({ source: 'External', target: '5' }),
    ]);
    expect(so.keda).toMatchObject({
      ready: true,
      fallback: false,
      paused: false,
      hpaName: 'keda-hpa-invoice-reconciler',
    });
    expect(so.keda?.triggers).toEqual([
      {
        name: expect.any(String),
        type: 'redis',
        health: 'Happy',
        numberOfFailures: 0,
      },
    ]);
    expect(so.currentReplicas).toBeGreaterThan(0);
    expect(JSON.stringify(so)).not.toContain('redis.ai-agents.svc');
  });

  it('finds workloads by label selector and honours the namespace annotation', async () => {
    const bySelector = await status('billing-by-selector');
    expect(bySelector.selector).toEqual({
      labelSelector: 'app=billing-agent',
      namespace: 'ai-agents',
    });
    expect(podsOf(bySelector).length).toBeGreaterThan(0);
    const elsewhere = await status('billing-elsewhere');
    expect(podsOf(elsewhere)).toEqual([]);
    expect(elsewhere.noWorkloads?.annotation).toBe(
      'backstage.io/kubernetes-id',
    );
  });

  it('says which annotation to add when an agent has no workloads', async () => {
    const s = await status('experimental-planner');
    expect(s.state).toBe('unknown');
    expect(s.clusters).toEqual([]);
    expect(s.reasons).toEqual([
      expect.stringMatching(
        /^no workloads found with backstage\.io\/kubernetes-id=experimental-planner in clusters /,
      ),
    ]);
    expect(s.noWorkloads).toEqual({
      annotation: 'backstage.io/kubernetes-id',
      message: expect.stringContaining(
        'backstage.io/kubernetes-id=experimental-planner',
      ),
    });
  });

  it('answers 404 for missing, non-Agent and hidden entities, and uses the caller credentials', async () => {
    for (const path of [
      'default/nope',
      'default/secret-agent',
      'default/foreign-agent',
    ]) {
      const res = await request(backend.server)
        .get(`/api/agents/entities/${path}/status`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
    expect((await status('secret-agent', INSIDER)).entityRef).toBe(
      'agent:default/secret-agent',
    );
    await request(backend.server)
      .get('/api/agents/entities/default/bad%20name/status')
      .expect(400);
  });

  it('costs the API servers nothing per Agent tab view, then or in the background work after it', async () => {
    const byRoute = () => [eu, us].map(c => ({ ...c.stats.byRoute }));
    const delta = (a: Record<string, number>[], b: Record<string, number>[]) =>
      b.map((routes, i) =>
        Object.fromEntries(
          Object.entries(routes)
            .filter(([k, n]) => n !== (a[i][k] ?? 0))
            .map(([k, n]) => [k, n - (a[i][k] ?? 0)]),
        ),
      );
    const backgroundPass = async () => {
      for (const id of BACKGROUND_TASKS) await scheduler.triggerTask(id);
      await new Promise(r => setTimeout(r, READINESS_SETTLE_MS));
    };
    // what the Agent tab asks for on opening: status, the 6 h replica chart, 24 h usage
    const view = async (name: string) => {
      const to = new Date();
      const from = new Date(to.getTime() - 6 * 3600_000);
      const auth = mockCredentials.user.header();
      const base = `/api/agents/entities/default/${name}`;
      for (const path of [
        `${base}/status`,
        `${base}/scaling?from=${from.toISOString()}&to=${to.toISOString()}`,
        `${base}/usage?window=24h`,
      ]) {
        expect(
          (await request(backend.server).get(path).set('Authorization', auth))
            .status,
        ).toBe(200);
      }
    };

    await backgroundPass(); // the sampler's first pass sets its baselines
    const start = byRoute();
    await backgroundPass();
    const quietPass = delta(start, byRoute());
    // the pass does call the API servers (pods' /metrics through the proxy), so counting works
    expect(Object.keys(quietPass[0]).some(k => k.endsWith('pods/proxy'))).toBe(
      true,
    );

    const beforeViews = byRoute();
    for (let i = 0; i < 3; i++)
      for (const name of [
        'billing-agent',
        'invoice-reconciler',
        'summarizer-agent',
      ])
        await view(name);
    await new Promise(r => setTimeout(r, READINESS_SETTLE_MS));
    expect(delta(beforeViews, byRoute())).toEqual([{}, {}]);

    await backgroundPass();
    expect(delta(beforeViews, byRoute())).toEqual(quietPass);
  });

  it('shows failing readiness checks in words when a dependency breaks', async () => {
    eu.sim.setDependency(
      'billing-agent',
      'database',
      false,
      'error: connection refused',
    );
    eu.sim.advance(30);
    const s = await waitFor(async () => {
      const x = await status('billing-agent');
      return x.reasons.some(r => r.includes('database failing')) && x;
    }, 'readiness breakdown of the failing check');
    expect(s.state).toBe('degraded');
    expect(s.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\d+ of \d+ pods not ready in sandbox-eu: database failing \(error: connection refused/,
        ),
      ]),
    );
    const eup = s.clusters.find(c => c.cluster === 'sandbox-eu')?.pods ?? [];
    expect(
      eup.some(p =>
        p.readiness?.checks.some(
          c =>
            c.name === 'database' &&
            !c.ok &&
            c.message?.includes('connection refused'),
        ),
      ),
    ).toBe(true);
    eu.sim.setDependency('billing-agent', 'database', true);
    eu.sim.advance(30);
    await waitFor(
      async () =>
        (await status('billing-agent')).state !== 'degraded' || undefined,
      'recovery',
    );
  });

  it('reports ScalingLimited as limited, and only then', async () => {
    us.sim.setLoad('billing-agent', 200);
    for (let i = 0; i < 20; i++) us.sim.advance(60);
    const s = await waitFor(async () => {
      const x = await status('billing-agent');
      return (
        x.clusters.find(c => c.cluster === 'sandbox-us')?.autoscalers[0]
          ?.limited && x
      );
    }, 'ScalingLimited');
    const hpa = s.clusters.find(c => c.cluster === 'sandbox-us')
      ?.autoscalers[0];
    expect(hpa?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'ScalingLimited',
          status: 'True',
          reason: 'TooManyReplicas',
        }),
      ]),
    );
    expect(hpa?.currentReplicas).toBe(10);
    const euHpa = s.clusters.find(c => c.cluster === 'sandbox-eu')
      ?.autoscalers[0];
    expect(euHpa?.limited).toBe(
      euHpa?.conditions.some(
        x => x.type === 'ScalingLimited' && x.status === 'True',
      ),
    );
    expect(s.reasons).toEqual(
      expect.arrayContaining([
        'HPA billing-agent: scaling limited at max 10 replicas (TooManyReplicas)',
      ]),
    );
    expect(s.state).toBe('degraded');
  });
});

describe('access', () => {
  it('answers 401 without credentials and 403 when the permission is denied', async () => {
    const backend = await startTestBackend({
      features: [
        agentsPlugin,
        mockServices.rootConfig.factory({
          data: { kubernetes: { clusterLocatorMethods: [] } },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const { server } = backend;
    try {
      await request(server)
        .get('/api/agents/entities/default/billing-agent/status')
        .expect(401);
      const denied = await request(server)
        .get('/api/agents/entities/default/billing-agent/status')
        .set('Authorization', mockCredentials.user.header());
      expect(denied.status).toBe(403);
      expect(denied.body.error.name).toBe('NotAllowedError');
      await request(server)
        .get('/api/agents/entities/default/nope/status')
        .set('Authorization', mockCredentials.user.header())
        .expect(404);
    } finally {
      await backend.stop();
    }
  });
});
