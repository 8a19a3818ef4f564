import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { AgentsClient } from './AgentsClient';
import {
  agentCard,
  overview,
  scalingHistory,
  status,
  usage,
} from '../__testUtils__/fixtures';

const baseUrl = 'http://backstage.test/api/agents';
const server = setupServer();
registerMswTestHooks(server);

const client = new AgentsClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
  fetchApi: new MockFetchApi(),
});
const agent = { namespace: 'default', name: 'support-triage-agent' };

describe('AgentsClient', () => {
  it('fetches the status of an agent', async () => {
    server.use(
      http.get(`${baseUrl}/entities/default/support-triage-agent/status`, () =>
        HttpResponse.json(status()),
      ),
    );
    await expect(client.getStatus(agent)).resolves.toEqual(status());
  });

  it("fetches an agent's A2A card", async () => {
    server.use(
      http.get(`${baseUrl}/entities/default/support-triage-agent/card`, () =>
        HttpResponse.json(agentCard()),
      ),
    );
    await expect(client.getCard(agent)).resolves.toEqual(agentCard());
  });

  it('fetches the template that created an agent', async () => {
    const body = {
      template: {
        template: 'template:default/agent-http-api',
        version: 1,
        current: 2,
        behind: true,
        changes: [{ version: 2, text: 'PDB added.' }],
      },
    };
    server.use(
      http.get(
        `${baseUrl}/entities/default/support-triage-agent/template`,
        () => HttpResponse.json(body),
      ),
    );
    await expect(client.getTemplate(agent)).resolves.toEqual(body);
  });

  it("fetches where an agent's live objects drift from its overlays", async () => {
    const body = {
      source: 'https://github.com/acme/support-triage-agent/tree/main/',
      environments: [
        {
          cluster: 'sandbox-eu',
          environment: 'production',
          namespace: 'ai-agents',
          overlay: 'deploy/overlays/production',
          differences: [
            {
              kind: 'HorizontalPodAutoscaler',
              name: 'support-triage-agent',
              field: 'spec.maxReplicas',
              expected: '10',
              live: '12',
            },
          ],
          missing: [],
          notChecked: ['ConfigMap'],
        },
      ],
    };
    server.use(
      http.get(`${baseUrl}/entities/default/support-triage-agent/drift`, () =>
        HttpResponse.json(body),
      ),
    );
    await expect(client.getDrift(agent)).resolves.toEqual(body);
  });

  it('encodes names in the path', async () => {
    let seenPath = '';
    server.use(
      http.get(`${baseUrl}/entities/*`, ({ request }) => {
        seenPath = new URL(request.url).pathname;
        return HttpResponse.json(status());
      }),
    );
    await client.getStatus({ namespace: 'team a', name: 'x/y' });
    expect(seenPath).toBe('/api/agents/entities/team%20a/x%2Fy/status');
  });

  it('sends the scaling range as ISO timestamps', async () => {
    let params: URLSearchParams | undefined;
    server.use(
      http.get(
        `${baseUrl}/entities/default/support-triage-agent/scaling`,
        ({ request }) => {
          params = new URL(request.url).searchParams;
          return HttpResponse.json(scalingHistory);
        },
      ),
    );
    const from = new Date('2025-06-01T06:00:00.000Z');
    const to = new Date('2025-06-01T12:00:00.000Z');
    await expect(
      client.getScalingHistory(agent, { from, to }),
    ).resolves.toEqual(scalingHistory);
    expect(params?.get('from')).toBe('2025-06-01T06:00:00.000Z');
    expect(params?.get('to')).toBe('2025-06-01T12:00:00.000Z');
  });

  it('sends the usage window', async () => {
    let window: string | null = null;
    server.use(
      http.get(
        `${baseUrl}/entities/default/support-triage-agent/usage`,
        ({ request }) => {
          window = new URL(request.url).searchParams.get('window');
          return HttpResponse.json(usage({ window: '7d' }));
        },
      ),
    );
    const result = await client.getUsage(agent, '7d');
    expect(window).toBe('7d');
    expect(result.window).toBe('7d');
  });

  it('filters the overview by owner and system, omitting empty filters', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${baseUrl}/overview`, ({ request }) => {
        seen.push(new URL(request.url).search);
        return HttpResponse.json(overview);
      }),
    );
    await client.getOverview({ owner: 'group:default/billing-team' });
    await client.getOverview();
    expect(seen).toEqual(['?owner=group%3Adefault%2Fbilling-team', '']);
  });

  it('turns Backstage error bodies into a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/entities/default/nope/status`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'agent:default/nope not found',
            },
            request: { method: 'GET', url: '/entities/default/nope/status' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    const error = await client
      .getStatus({ namespace: 'default', name: 'nope' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.name).toBe('NotFoundError');
    expect(error.body.error.message).toBe('agent:default/nope not found');
  });

  it('reports non-JSON failures with their status', async () => {
    server.use(
      http.get(
        `${baseUrl}/overview`,
        () => new HttpResponse('bad gateway', { status: 502 }),
      ),
    );
    const error = await client.getOverview().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });
});
