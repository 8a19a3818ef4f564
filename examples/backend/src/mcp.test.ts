import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import agentsPlugin from '@agentdeck/plugin-agents-backend';
import { agentEntity } from '@agentdeck/test-utils';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

jest.setTimeout(60000);

const INSIDER = 'user:default/insider';
type AgentEntity = ReturnType<typeof agentEntity>;
const agent = (name: string, annotations: Record<string, string> = {}) =>
  agentEntity(
    name,
    { owner: 'group:default/support-team', system: 'customer-support' },
    annotations,
  );
const entities: AgentEntity[] = [
  agent('summarizer-agent'),
  agent('billing-agent'),
  // the same pods, but the catalog shows the entity to INSIDER only
  agent('secret-agent', {
    'backstage.io/kubernetes-id': 'summarizer-agent',
    'test/hidden': 'true',
  }),
];

type Principal = { principal: { userEntityRef?: string } };
const refOf = (e: AgentEntity) => `agent:default/${e.metadata.name}`;
const sees = (e: Pick<AgentEntity, 'metadata'>, c: Principal) =>
  !e.metadata.annotations?.['test/hidden'] ||
  c.principal.userEntityRef === INSIDER;

/** The catalog answers with the caller's credentials, as the real one does. */
const catalog = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const inner = catalogServiceMock({ entities });
    return Object.assign(Object.create(inner), {
      async getEntityByRef(ref: string, options: { credentials: Principal }) {
        const e = entities.find(x => refOf(x) === ref);
        return e && sees(e, options.credentials) ? e : undefined;
      },
      async getEntities(req: unknown, options: { credentials: Principal }) {
        const res = await inner.getEntities(req as never, options as never);
        return { items: res.items.filter(e => sees(e, options.credentials)) };
      },
    });
  },
});

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
};
const text = (r: ToolResult) => r.content.map(c => c.text ?? '').join('\n');

/**
 * An assistant's view: the official MCP client against the example's MCP
 * server (plugin-mcp-actions-backend) exposing the agents plugin's actions.
 */
describe('AgentDeck over MCP', () => {
  let cluster: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  async function connect(user: string) {
    const client = new Client({ name: 'agentdeck-test', version: '1.0.0' });
    const url = new URL(
      `http://localhost:${backend.server.port()}/api/mcp-actions/v1`,
    );
    const transport = new StreamableHTTPClientTransport(url, {
      requestInit: {
        headers: { Authorization: mockCredentials.user.header(user) },
      },
    });
    await client.connect(transport);
    return client;
  }

  beforeAll(async () => {
    cluster = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
    for (let i = 0; i < 10; i++) cluster.sim.advance(60);
    backend = await startTestBackend({
      features: [
        agentsPlugin,
        mcpActionsPlugin,
        catalog,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['agents'] } },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'sandbox-eu',
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: cluster.readerToken,
                      caData: cluster.caData,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  it("lists AgentDeck's read-only tools", async () => {
    const client = await connect('user:default/guest');
    const { tools } = await client.listTools();
    const ours = tools.filter(t => t.name.startsWith('agents.'));
    expect(ours.map(t => t.name).sort()).toEqual([
      'agents.get-agent-scaling-history',
      'agents.get-agent-status',
      'agents.get-agent-usage',
      'agents.list-agents',
    ]);
    for (const t of ours) {
      expect(t.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
      });
      expect(t.inputSchema.type).toBe('object');
    }
    const status = ours.find(t => t.name === 'agents.get-agent-status');
    expect(Object.keys(status?.inputSchema.properties ?? {}).sort()).toEqual([
      'name',
      'namespace',
    ]);
    await client.close();
  });

  it('answers with live status, and only about agents the caller may see', async () => {
    const guest = await connect('user:default/guest');
    const listed = (await guest.callTool({
      name: 'agents.list-agents',
      arguments: { owner: 'support-team' },
    })) as ToolResult;
    expect(listed.isError).toBeFalsy();
    const names = JSON.parse(text(listed)).agents.map(
      (a: { name: string }) => a.name,
    );
    expect(names).toEqual(['billing-agent', 'summarizer-agent']);

    const statusOf = async (client: Client, name: string) =>
      (await client.callTool({
        name: 'agents.get-agent-status',
        arguments: { name },
      })) as ToolResult;
    // the first answers may come before the watch cache has synced
    let s = JSON.parse(text(await statusOf(guest, 'summarizer-agent')));
    for (let i = 0; i < 200 && s.clusters[0]?.pods?.length !== 1; i++) {
      await new Promise(r => setTimeout(r, 50));
      s = JSON.parse(text(await statusOf(guest, 'summarizer-agent')));
    }
    expect(s.state).toBe('down');
    expect(s.reasons.join('\n')).toMatch(/CrashLoopBackOff/);

    const hidden = await statusOf(guest, 'secret-agent');
    expect(hidden.isError).toBe(true);
    expect(text(hidden)).toMatch(/not found|NotFound/i);
    expect(text(hidden)).not.toMatch(/CrashLoopBackOff|summarizer/);
    await guest.close();

    const insider = await connect(INSIDER);
    const seen = await statusOf(insider, 'secret-agent');
    expect(JSON.parse(text(seen)).state).toBe('down');
    await insider.close();
  });
});
