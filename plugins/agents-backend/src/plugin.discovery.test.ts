import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  agentdeckReaderRules,
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import {
  AgentStatusResponse,
  OverviewResponse,
  UnregisteredAgent,
} from '@agentdeck/plugin-agents-common';
import request from 'supertest';
import { agentsPlugin } from './plugin';
import { agent } from './__testUtils__/entities';
import { kubernetesConfig } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(90000);

/** The example fleet's catalog Agents and owners (docs/example-fleet.md): all claimed. */
const FLEET: Array<[string, string]> = [
  ['billing-agent', 'billing-team'],
  ['invoice-reconciler', 'billing-team'],
  ['support-triage-agent', 'support-team'],
  ['summarizer-agent', 'support-team'],
  ['research-orchestrator', 'research-team'],
  ['doc-embedder', 'research-team'],
  ['code-review-agent', 'ai-platform'],
  ['incident-copilot', 'ai-platform'],
  ['local-llm-gateway', 'ai-platform'],
];
const owned = (name: string, owner: string, annotations?: object): Entity => {
  const e = agent(name, annotations as Record<string, string> | undefined);
  return { ...e, spec: { ...e.spec, owner: `group:default/${owner}` } };
};

/** May not see agents no catalog entity claims. */
const OUTSIDER = 'user:default/outsider';
const NO_NAMESPACES = 'system:serviceaccount:agentdeck:no-namespaces';

/** A catalog whose Agents a test can change while the backend runs. */
function mutableCatalog(entities: Entity[]) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory() {
      // a fresh in-memory catalog per call, over the list as it is now
      return new Proxy(catalogServiceMock({ entities: [] }), {
        get(_target, prop) {
          const inner = catalogServiceMock({ entities: [...entities] });
          const value = Reflect.get(inner, prop);
          return typeof value === 'function' ? value.bind(inner) : value;
        },
      });
    },
  });
}

/** Allows everything, but agents.unregistered.read to OUTSIDER. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    return {
      async authorize(requests, options) {
        const user = (
          options.credentials.principal as { userEntityRef?: string }
        ).userEntityRef;
        return requests.map(r => ({
          result:
            user === OUTSIDER &&
            r.permission.name === 'agents.unregistered.read'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }));
      },
      async authorizeConditional(requests) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
    } as PermissionsService;
  },
});

/** Starts the plugin on the sandboxes, its background tasks run by hand. */
async function startBackend(
  clusters: SandboxCluster[],
  entities: Entity[],
  extra: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  const scheduler = mockServices.scheduler();
  const backend = await startTestBackend({
    features: [
      agentsPlugin,
      mutableCatalog(entities),
      permissions,
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: kubernetesConfig(clusters),
          agents: {
            cache: { backoffMinMs: 50, backoffMaxMs: 500 },
            readiness: { intervalSeconds: 3600, readyIntervalSeconds: 3600 },
            discovery: { selector: 'app.kubernetes.io/component=agent' },
            // scenario minutes pass between samples a real second apart
            usage: {
              plausibility: {
                maxTokensPerPodPerMinute: 1e12,
                maxCostUsdPerPodPerMinute: 1e9,
              },
            },
          },
        },
      }),
      ...extra,
    ],
  });
  const overview = async (
    query = '',
    user?: string,
  ): Promise<OverviewResponse> => {
    const res = await request(backend.server)
      .get(`/api/agents/overview${query}`)
      .set('Authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Claims read again and the usage summary with them. */
  const refresh = () => scheduler.triggerTask('agents-usage-summary');
  return { backend, scheduler, overview, refresh };
}

const byName = (list: UnregisteredAgent[] | undefined, name: string) =>
  list?.find(u => u.name === name);

describe('agents no catalog entity claims, in the overview', () => {
  let eu: SandboxCluster;
  let us: SandboxCluster;
  const entities = FLEET.map(([name, owner]) => owned(name, owner));
  let started: Awaited<ReturnType<typeof startBackend>>;
  let first: OverviewResponse;

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'demo-eu',
      timeScale: 0,
    });
    us = await startSandboxCluster({
      name: 'sandbox-us',
      scenario: 'demo-us',
      timeScale: 0,
    });
    eu.sim.advance(180);
    us.sim.advance(180);
    started = await startBackend([eu, us], entities);
    const { scheduler, overview, refresh } = started;
    await waitFor(async () => {
      await refresh();
      const o = await overview();
      return (
        o.unregistered?.length === 3 &&
        o.unregistered.every(u => u.replicas.ready === u.replicas.desired)
      );
    }, 'the three unregistered agents, ready');
    // two samples of their pods' counters, scenario time passing between them
    first = await waitFor(async () => {
      await scheduler.triggerTask('agents-usage-pod-metrics');
      eu.sim.advance(30);
      us.sim.advance(30);
      await scheduler.triggerTask('agents-usage-pod-metrics');
      await refresh();
      const o = await overview();
      return o.unregistered?.every(u => u.cost24hUsd > 0) && o;
    }, 'their usage sampled');
  });

  afterAll(async () => {
    await started?.backend.stop();
    await eu?.stop();
    await us?.stop();
  });

  it('lists the three, with kind, source, likely owner, state, replicas, tokens and cost', async () => {
    const list = first.unregistered ?? [];
    expect(list.map(u => u.id)).toEqual([
      'unregistered:sandbox-eu/experiments/scratch-agent',
      'unregistered:sandbox-eu/kagent/k8s-assistant',
      'unregistered:sandbox-us/research-sandbox/paper-scout',
    ]);
    expect(byName(list, 'k8s-assistant')).toMatchObject({
      cluster: 'sandbox-eu',
      namespace: 'kagent',
      kind: 'kagent Agent',
      source: 'kagent',
      owner: 'group:default/ai-platform',
      ownerFrom: { kind: 'annotation', key: 'backstage.io/owner' },
      state: 'healthy',
      replicas: { ready: 1, desired: 1 },
    });
    expect(byName(list, 'paper-scout')).toMatchObject({
      kind: 'Deployment',
      source: 'selector',
      owner: 'group:default/research-team',
      ownerFrom: { kind: 'label', key: 'team' },
      replicas: { ready: 2, desired: 2 },
    });
    const scratch = byName(list, 'scratch-agent');
    expect(scratch).toMatchObject({
      kind: 'Deployment',
      source: 'label',
      replicas: { ready: 1, desired: 1 },
    });
    expect(scratch?.owner).toBeUndefined();
    expect(scratch?.ownerUnknown).toBeUndefined();
    for (const u of list) {
      expect(u.tokens24h.input).toBeGreaterThan(0);
      expect(u.tokens24h.output).toBeGreaterThan(0);
      expect(u.usageError).toBeUndefined();
    }
    // the catalog's own agents are listed as agents, never as unregistered
    expect(first.agents.map(a => a.name).sort()).toEqual(
      FLEET.map(([n]) => n).sort(),
    );
    // stripped objects only: no env, secret references, prompts or model configuration
    expect(JSON.stringify(first)).not.toMatch(
      /OPENAI_API_KEY|secretKeyRef|kagent-openai|systemMessage|helpful Kubernetes|default-model-config|config\.json/,
    );
  });

  it("counts them in their owners' totals, and those with no known owner in the 'unowned' one", async () => {
    const o = await started.overview();
    const u = (name: string) => byName(o.unregistered, name)!;
    const unowned = o.owners.find(r => r.owner === 'unowned');
    expect(unowned).toEqual({
      owner: 'unowned',
      unowned: true,
      agents: 1,
      unregistered: 1,
      byState: { down: 0, degraded: 0, unknown: 0, healthy: 1 },
      replicas: { ready: 1, desired: 1 },
      tokens24h: u('scratch-agent').tokens24h,
      cost24hUsd: u('scratch-agent').cost24hUsd,
    });
    // last, after every owner
    expect(o.owners[o.owners.length - 1]).toBe(unowned);
    const research = o.owners.find(
      r => r.owner === 'group:default/research-team',
    );
    const catalogCost = o.agents
      .filter(a => a.owner === 'group:default/research-team')
      .reduce((n, a) => n + a.cost24hUsd, 0);
    expect(research).toMatchObject({ agents: 3, unregistered: 1 });
    expect(research?.cost24hUsd).toBeCloseTo(
      catalogCost + u('paper-scout').cost24hUsd,
      9,
    );
    expect(
      o.owners.find(r => r.owner === 'group:default/billing-team')
        ?.unregistered,
    ).toBeUndefined();

    const onlyUnowned = await started.overview('?owner=unowned');
    expect(onlyUnowned.agents).toEqual([]);
    expect(onlyUnowned.unregistered?.map(x => x.name)).toEqual([
      'scratch-agent',
    ]);
    const team = await started.overview('?owner=research-team');
    expect(team.unregistered?.map(x => x.name)).toEqual(['paper-scout']);
    expect(team.agents.map(a => a.name).sort()).toEqual([
      'doc-embedder',
      'research-orchestrator',
    ]);
    expect((await started.overview('?system=knowledge')).unregistered).toEqual(
      [],
    );
  });

  it('gives a caller denied agents.unregistered.read no list, and totals without them', async () => {
    const o = await started.overview('', OUTSIDER);
    expect(o.unregistered).toBeUndefined();
    expect(o.agents).toHaveLength(FLEET.length);
    expect(o.owners.map(r => r.owner)).not.toContain('unowned');
    expect(o.owners.every(r => r.unregistered === undefined)).toBe(true);
    expect(JSON.stringify(o)).not.toMatch(
      /scratch-agent|paper-scout|k8s-assistant/,
    );
  });

  it('takes an agent off the list once a catalog Agent claims it with its claim annotations, and shows its workloads', async () => {
    const { overview, refresh, backend } = started;
    const before = (await overview()).unregistered ?? [];
    const claims = before.map(u =>
      owned(`claimed-${u.name}`, 'ai-platform', u.claimAnnotations),
    );
    expect(claims.map(c => c.metadata.annotations)).toEqual([
      {
        'backstage.io/kubernetes-label-selector':
          'agentdeck.io/agent=scratch-agent',
        'backstage.io/kubernetes-namespace': 'experiments',
      },
      {
        'backstage.io/kubernetes-label-selector':
          'app=kagent,kagent=k8s-assistant',
        'backstage.io/kubernetes-namespace': 'kagent',
      },
      {
        'backstage.io/kubernetes-label-selector': 'app=paper-scout',
        'backstage.io/kubernetes-namespace': 'research-sandbox',
      },
    ]);
    entities.push(...claims);
    try {
      await refresh();
      const after = await overview();
      expect(after.unregistered).toEqual([]);
      expect(after.owners.map(r => r.owner)).not.toContain('unowned');
      // the registered agent's status finds the workloads discovery found
      for (const [name, pods] of [
        ['claimed-k8s-assistant', 1],
        ['claimed-paper-scout', 2],
        ['claimed-scratch-agent', 1],
      ] as const) {
        const res = await request(backend.server)
          .get(`/api/agents/entities/default/${name}/status`)
          .set('Authorization', mockCredentials.user.header());
        const s: AgentStatusResponse = res.body;
        expect([name, s.clusters.flatMap(c => c.pods).length]).toEqual([
          name,
          pods,
        ]);
        expect(s.noWorkloads).toBeUndefined();
      }
    } finally {
      entities.splice(entities.length - claims.length, claims.length);
      await refresh();
    }
    expect((await overview()).unregistered).toHaveLength(3);
  });
});

describe('an identity that may not list namespaces', () => {
  it('lists unregistered agents with their owner unknown, warns once, and fails nothing', async () => {
    const us = await startSandboxCluster({
      name: 'sandbox-us',
      scenario: 'demo-us',
      timeScale: 0,
      identities: [
        {
          name: NO_NAMESPACES,
          // the reader's rules without namespaces and kagent's agents
          rules: agentdeckReaderRules
            .filter(r => !r.apiGroups?.includes('kagent.dev'))
            .map(r =>
              r.resources?.includes('namespaces')
                ? {
                    ...r,
                    resources: r.resources.filter(x => x !== 'namespaces'),
                  }
                : r,
            ),
        },
      ],
    });
    const logger = mockServices.logger.mock();
    let started: Awaited<ReturnType<typeof startBackend>> | undefined;
    try {
      us.sim.advance(180);
      started = await startBackend(
        [{ ...us, token: us.tokens[NO_NAMESPACES] }],
        FLEET.map(([name, owner]) => owned(name, owner)),
        [logger.factory],
      );
      const { overview, refresh } = started;
      const o = await waitFor(async () => {
        await refresh();
        const r = await overview();
        return r.unregistered?.length === 1 && r;
      }, 'the unregistered agent');
      const message =
        'cluster sandbox-us: Namespaces not visible to AgentDeck: grant list and watch on namespaces';
      expect(o.unregistered?.[0]).toMatchObject({
        name: 'paper-scout',
        ownerUnknown: message,
        state: 'healthy',
      });
      expect(o.unregistered?.[0].owner).toBeUndefined();
      // no owner known: counted with the unowned
      expect(o.owners.find(r => r.unowned)?.agents).toBe(1);
      // the catalog's agents are not affected
      expect(o.agents.find(a => a.name === 'doc-embedder')?.state).toBe(
        'healthy',
      );
      expect(logger.warn).toHaveBeenCalledWith(
        'Kubernetes cluster sandbox-us: Namespaces not visible to AgentDeck: grant list and watch on namespaces',
      );
      // kagent is not installed here and the identity may not read it: nothing to say
      expect(
        logger.warn.mock.calls.filter(c => /namespaces|kagent/i.test(c[0])),
      ).toHaveLength(1);
    } finally {
      await started?.backend.stop();
      await us.stop();
    }
  });
});
