// Issue 14, against the running demo: an assistant connects to the example backend's MCP
// server (plugin-mcp-actions-backend) as the signed-in guest, finds AgentDeck's read-only
// actions and asks about the demo's crash-looping agent.
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const {
  StreamableHTTPClientTransport,
} = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const backend = process.env.AGENTDECK_BACKEND_URL || 'http://localhost:7007';
const text = result => result.content.map(c => c.text ?? '').join('');

describe('AgentDeck actions over MCP in the demo', () => {
  let client;
  beforeAll(async () => {
    const res = await fetch(`${backend}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const token = (await res.json()).backstageIdentity.token;
    client = new Client({ name: 'agentdeck-e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${backend}/api/mcp-actions/v1`),
        {
          requestInit: { headers: { Authorization: `Bearer ${token}` } },
        },
      ),
    );
  });
  afterAll(() => client?.close());

  it('lists the four read-only actions and answers about the down agent', async () => {
    const { tools } = await client.listTools();
    const ours = tools
      .filter(t => t.name.startsWith('agents.'))
      .map(t => t.name);
    expect(ours.sort()).toEqual([
      'agents.get-agent-scaling-history',
      'agents.get-agent-status',
      'agents.get-agent-usage',
      'agents.list-agents',
    ]);
    const down = await client.callTool({
      name: 'agents.list-agents',
      arguments: { state: 'down' },
    });
    expect(down.isError).toBeFalsy();
    expect(JSON.parse(text(down)).agents.map(a => a.name)).toContain(
      'summarizer-agent',
    );
    const status = await client.callTool({
      name: 'agents.get-agent-status',
      arguments: { name: 'summarizer-agent' },
    });
    expect(JSON.parse(text(status)).reasons.join('\n')).toMatch(
      /CrashLoopBackOff/,
    );
    const missing = await client.callTool({
      name: 'agents.get-agent-status',
      arguments: { name: 'no-such-agent' },
    });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toBe(
      'NotFoundError: No Agent entity agent:default/no-such-agent',
    );
  });
});
