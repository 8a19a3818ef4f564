import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AgentTemplateResponse,
  OverviewResponse,
} from '@agentdeck/plugin-agents-common';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import {
  INSIDER,
  startAgentsBackend,
} from './__testUtils__/startAgentsBackend';

jest.setTimeout(60000);

function template(
  name: string,
  title: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default', title, annotations },
    spec: { type: 'agent', owner: 'group:default/ai-platform', steps: [] },
  };
}

const createdFrom = (ref: string, version: string, name: string) =>
  agent(name, {
    'backstage.io/kubernetes-id': name,
    'agentdeck.io/template': ref,
    'agentdeck.io/template-version': version,
  });

const entities = [
  template('agent-http-api', 'HTTP API agent', {
    'agentdeck.io/template-version': '3',
    'agentdeck.io/template-changelog':
      'v3: Readiness probe timeout raised to 5 s.\nv2: PDB added.\nv1: The first version.',
  }),
  template('internal-agent', 'Internal agent', {
    'agentdeck.io/template-version': '2',
    'agentdeck.io/template-changelog': 'v2: Quota.\nv1: First.',
    'test/hidden': 'true',
  }),
  // v1 of http-api: two versions behind
  createdFrom('template:default/agent-http-api', '1', 'billing-agent'),
  // short ref, current version
  createdFrom('agent-http-api', '3', 'summarizer-agent'),
  // a Template the catalog shows only to the insider
  createdFrom('template:default/internal-agent', '1', 'invoice-reconciler'),
  // created before templates had versions
  agent('experimental-planner'),
];

describe('template versions of agents', () => {
  let eu: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startAgentsBackend>>;
  const scheduler = mockServices.scheduler();

  const templateOf = async (
    name: string,
    user?: string,
  ): Promise<AgentTemplateResponse> => {
    const res = await request(backend.server)
      .get(`/api/agents/entities/default/${name}/template`)
      .set('Authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
    backend = await startAgentsBackend({
      clusters: [eu],
      entities,
      extra: [
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await eu?.stop();
  });

  it('answers the version that created an agent, the current one and the changelog between', async () => {
    expect(await templateOf('billing-agent')).toEqual({
      template: {
        template: 'template:default/agent-http-api',
        title: 'HTTP API agent',
        version: 1,
        current: 3,
        behind: true,
        changes: [
          { version: 3, text: 'Readiness probe timeout raised to 5 s.' },
          { version: 2, text: 'PDB added.' },
        ],
      },
    });
    expect(await templateOf('summarizer-agent')).toEqual({
      template: {
        template: 'template:default/agent-http-api',
        title: 'HTTP API agent',
        version: 3,
        current: 3,
        behind: false,
        changes: [],
      },
    });
    expect(await templateOf('experimental-planner')).toEqual({});
  });

  it("reads the Template with the caller's credentials", async () => {
    expect(await templateOf('invoice-reconciler')).toEqual({
      template: {
        template: 'template:default/internal-agent',
        version: 1,
        behind: false,
        changes: [],
      },
    });
    expect(await templateOf('invoice-reconciler', INSIDER)).toMatchObject({
      template: { title: 'Internal agent', current: 2, behind: true },
    });
  });

  it('answers 404 for an entity that is not an Agent, as status does', async () => {
    const res = await request(backend.server)
      .get('/api/agents/entities/default/agent-http-api/template')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
  });

  it('gives overview rows their template, the current versions read once per refresh', async () => {
    const overview = async (): Promise<OverviewResponse> => {
      const res = await request(backend.server)
        .get('/api/agents/overview')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body;
    };
    const rows = async () =>
      Object.fromEntries(
        (await overview()).agents.map(a => [a.name, a.template]),
      );
    // before the first refresh the current versions are not known
    expect((await rows())['billing-agent']).toEqual({
      name: 'template:default/agent-http-api',
      version: 1,
      behind: false,
    });
    await scheduler.triggerTask('agents-usage-summary');
    expect(await rows()).toEqual({
      'billing-agent': {
        name: 'template:default/agent-http-api',
        version: 1,
        current: 3,
        behind: true,
      },
      'summarizer-agent': {
        name: 'template:default/agent-http-api',
        version: 3,
        current: 3,
        behind: false,
      },
      'invoice-reconciler': {
        name: 'template:default/internal-agent',
        version: 1,
        current: 2,
        behind: true,
      },
      'experimental-planner': undefined,
    });
  });
});
