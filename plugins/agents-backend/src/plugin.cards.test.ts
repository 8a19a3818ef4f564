import https from 'node:https';
import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  hostileCardSecrets,
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { AgentCardResponse } from '@agentdeck/plugin-agents-common';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { startStubPrometheus } from './__testUtils__/stubPrometheus';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(90_000);

const scenarioAgent = (name: string, extra: object = {}) => ({
  name,
  namespace: 'ai-agents',
  replicas: 2,
  scaling: { mode: 'none' as const },
  ...extra,
});

const skills = [
  {
    name: 'Answer questions',
    description: 'Answers a question about an invoice',
    tags: ['billing'],
    examples: ['Why was I charged twice?'],
  },
  { name: 'Summarize tickets', description: 'Sums up a ticket' },
];

/** A Deployment's container image, changed as `kubectl set image` does: a new rollout. */
function setImage(sandbox: SandboxCluster, name: string, image: string) {
  return new Promise<number>((resolve, reject) => {
    const req = https.request(
      `${sandbox.url}/apis/apps/v1/namespaces/ai-agents/deployments/${name}`,
      {
        method: 'PATCH',
        ca: Buffer.from(sandbox.caData, 'base64').toString(),
        headers: {
          Authorization: `Bearer ${sandbox.token}`,
          'Content-Type': 'application/strategic-merge-patch+json',
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(
      JSON.stringify({
        spec: {
          template: { spec: { containers: [{ name: 'agent', image }] } },
        },
      }),
    );
  });
}

describe('A2A agent cards through the pod proxy', () => {
  let sandbox: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startAgentsBackend>>;
  let prometheus: Awaited<ReturnType<typeof startStubPrometheus>>;
  const logger = mockServices.logger.mock();
  // readiness from a Prometheus that knows nothing, and the usage sampler never
  // triggered: every pod-proxy request here is a card read
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };
  const proxied = () => sandbox.stats.byRoute['get pods/proxy'] ?? 0;

  const cardAgent: Entity = {
    ...agent('card-agent'),
    metadata: {
      ...agent('card-agent').metadata,
      title: 'Card agent',
      description: 'Reconciles payments with invoices',
      annotations: {
        'backstage.io/kubernetes-id': 'card-agent',
        'agentdeck.io/version': 'v1.4.2',
      },
    },
  };

  const card = async (name: string): Promise<AgentCardResponse> => {
    const res = await request(backend.server)
      .get(`/api/agents/entities/default/${name}/card`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const settled = (name: string, state = 'read') =>
    waitFor(async () => {
      const c = await card(name);
      return c.state === state && c;
    }, `${name}'s card to be ${state}`);
  const warnings = (name: string) =>
    logger.warn.mock.calls
      .map(([m]) => String(m))
      .filter(m => m.startsWith(`The A2A card of agent:default/${name} `));

  beforeAll(async () => {
    sandbox = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: {
        name: 'cards',
        agents: [
          scenarioAgent('card-agent', {
            card: {
              description: 'Answers questions about invoices',
              skills,
            },
          }),
          ...(['huge', 'garbage', 'secrets', 'hang'] as const).map(kind =>
            scenarioAgent(`${kind}-card`, {
              replicas: 1,
              behaviours: { hostile: { card: kind } },
            }),
          ),
        ],
      },
      timeScale: 0,
    });
    sandbox.sim.advance(40);
    prometheus = await startStubPrometheus(() => []);
    backend = await startAgentsBackend({
      clusters: [sandbox],
      entities: [
        cardAgent,
        ...['huge', 'garbage', 'secrets', 'hang'].map(k => agent(`${k}-card`)),
        agent('absent-agent'),
      ],
      agents: {
        readiness: {
          source: 'prometheus',
          prometheus: { baseUrl: prometheus.baseUrl },
        },
        cards: { timeoutMs: 1000 },
      },
      extra: [
        scheduler.factory({ skipTaskRunOnStartup: true }),
        logger.factory,
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    await prometheus?.stop();
  });

  it('reads a card once per rollout, and says where it and the catalog disagree', async () => {
    const first = await settled('card-agent');
    expect(first).toMatchObject({
      entityRef: 'agent:default/card-agent',
      state: 'read',
      podTemplateHash: expect.stringMatching(/^[a-z0-9]+$/),
      fetchedAt: expect.any(String),
      source: {
        cluster: 'sandbox-eu',
        namespace: 'ai-agents',
        pod: expect.stringMatching(/^card-agent-/),
      },
      card: {
        name: 'card-agent',
        description: 'Answers questions about invoices',
        version: '1.4.2',
        supportedInterfaces: [
          {
            url: 'http://card-agent.ai-agents.svc.cluster.local/agent/run',
            protocolBinding: 'https://agentdeck.io/bindings/agent-run/v1',
            protocolVersion: '1.0',
          },
        ],
        capabilities: { streaming: false, pushNotifications: false },
        defaultInputModes: ['text/plain', 'application/json'],
        defaultOutputModes: ['text/plain'],
        skills: [
          {
            id: 'answer-questions',
            name: 'Answer questions',
            description: 'Answers a question about an invoice',
            tags: ['billing'],
            examples: ['Why was I charged twice?'],
          },
          {
            id: 'summarize-tickets',
            name: 'Summarize tickets',
            description: 'Sums up a ticket',
            tags: ['api'],
            examples: [],
          },
        ],
      },
    });
    expect(first.card?.problems).toBeUndefined();
    // the catalog's version v1.4.2 is the card's 1.4.2; the descriptions differ
    expect(first.mismatches).toEqual([
      {
        field: 'description',
        catalog: 'Reconciles payments with invoices',
        card: 'Answers questions about invoices',
      },
    ]);
    // one read so far, and the cards asked for again cost nothing
    expect(proxied()).toBe(1);
    for (let i = 0; i < 3; i++) expect(await card('card-agent')).toEqual(first);
    expect(proxied()).toBe(1);

    // a new image: a new pod template hash, whose pods are read once
    expect(
      await setImage(
        sandbox,
        'card-agent',
        'registry.example.com/ai/card-agent:1.5.0',
      ),
    ).toBe(200);
    const next = await waitFor(async () => {
      sandbox.sim.advance(10);
      const c = await card('card-agent');
      return (
        c.state === 'read' && c.podTemplateHash !== first.podTemplateHash && c
      );
    }, 'the new rollout to be read');
    expect(next.card?.version).toBe('1.5.0');
    expect(next.mismatches).toEqual([
      expect.objectContaining({ field: 'description' }),
      { field: 'version', catalog: 'v1.4.2', card: '1.5.0' },
    ]);
    // let the rollout finish: its other pods cost nothing either
    sandbox.sim.advance(120);
    await card('card-agent');
    await card('card-agent');
    expect(proxied()).toBe(2);
  });

  it('says an agent without a ready pod is not running', async () => {
    expect(await card('absent-agent')).toEqual({
      entityRef: 'agent:default/absent-agent',
      state: 'not-running',
      mismatches: [],
    });
  });

  it('refuses a huge card and a garbage one, once each, logging each once', async () => {
    const huge = await settled('huge-card', 'failed');
    expect(huge.card).toBeUndefined();
    expect(huge.error).toBe('the card is larger than 64 KB');
    const garbage = await settled('garbage-card', 'failed');
    expect(garbage.card).toBeUndefined();
    // its control characters gone
    expect(garbage.error).toBe(
      'HTTP 200, not JSON: {"name": "half a card", "skills": [  not json',
    );
    const reads = proxied();
    for (let i = 0; i < 3; i++) {
      expect(await card('huge-card')).toEqual(huge);
      expect(await card('garbage-card')).toEqual(garbage);
    }
    expect(proxied()).toBe(reads);
    expect(warnings('huge-card')).toHaveLength(1);
    expect(warnings('garbage-card')).toEqual([
      expect.stringContaining('not JSON'),
    ]);
  });

  it('masks credentials in a card and cuts what is too long or too many', async () => {
    const leaky = await settled('secrets-card');
    const shown = JSON.stringify(leaky);
    for (const secret of hostileCardSecrets)
      expect(shown).not.toContain(secret);
    // eslint-disable-next-line no-control-regex
    expect(shown).not.toMatch(/[\u0000-\u001f\u202e]|\\u0000|\\u202e/);
    expect(leaky.card?.supportedInterfaces.map(i => i.url)).toEqual([
      'https://***@secrets-card.example.com/agent/run',
      'redis://***@redis.queues:6379/0',
    ]);
    expect(leaky.card?.description).toBe(
      'Calls the LLM with key sk-*** and more',
    );
    expect(leaky.card?.skills).toHaveLength(50);
    expect(leaky.card?.skills[0].name).toHaveLength(201);
    expect(leaky.card?.problems).toEqual(['30 more skills not shown']);
  });

  it('gives up on a card that never comes within the time limit, and says so', async () => {
    const hang = await settled('hang-card', 'failed');
    expect(hang.error).toBe('no answer within 1000 ms');
    expect(warnings('hang-card')).toHaveLength(1);
  });
});
