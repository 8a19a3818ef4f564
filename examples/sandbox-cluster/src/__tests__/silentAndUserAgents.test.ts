import https from 'node:https';
import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';

jest.setTimeout(30000);

/** An open watch whose lines are collected as they come, unlike `call`, which waits for the end. */
function openWatch(c: SandboxCluster, path: string) {
  const lines: Array<{ type: string; at: number }> = [];
  const state = { ended: false };
  const agent = new https.Agent({
    ca: Buffer.from(c.caData, 'base64').toString('utf8'),
  });
  const req = https.get(
    new URL(path, c.url),
    { agent, headers: { authorization: `Bearer ${c.token}` } },
    res => {
      res.setEncoding('utf8');
      let buffered = '';
      res.on('data', (chunk: string) => {
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        parts
          .filter(Boolean)
          .forEach(l =>
            lines.push({ type: JSON.parse(l).type, at: Date.now() }),
          );
      });
      res.on('end', () => (state.ended = true));
    },
  );
  req.on('error', () => undefined);
  return {
    lines,
    state,
    close() {
      req.destroy();
      agent.destroy();
    },
  };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('a hung or throttling API server, and who calls', () => {
  let c: SandboxCluster;
  beforeAll(async () => {
    c = await startSandboxCluster({
      scenario: 'small',
      timeScale: 0,
      bookmarkIntervalMs: 100,
    });
    c.sim.advance(30);
  });
  afterEach(() => c.faults.clear());
  afterAll(() => c.stop());

  it('counts requests per User-Agent', async () => {
    c.resetStats();
    await call(c, '/api/v1/namespaces/ai-agents/pods', {
      headers: { 'user-agent': 'agentdeck-test/1.0 (sandbox)' },
    });
    await call(c, '/apis/apps/v1/deployments', {
      headers: { 'user-agent': 'agentdeck-test/1.0 (sandbox)' },
    });
    await call(c, '/api/v1/namespaces/ai-agents/pods');
    expect(c.stats.userAgents).toEqual({
      'agentdeck-test/1.0 (sandbox)': 2,
      '': 1,
    });
    c.resetStats();
    expect(c.stats.userAgents).toEqual({});
  });

  it('keeps the arrival time of each pod-proxy request, and only of those', async () => {
    c.resetStats();
    const pods = (await call(c, '/api/v1/namespaces/ai-agents/pods')).json
      .items;
    const before = Date.now();
    await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pods[0].metadata.name}:8000/proxy/readyz`,
    );
    await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pods[1].metadata.name}:8000/proxy/readyz`,
    );
    expect(c.stats.podProxyAt).toHaveLength(2);
    expect(c.stats.podProxyAt[0]).toBeGreaterThanOrEqual(before);
    expect(c.stats.podProxyAt[1]).toBeGreaterThanOrEqual(c.stats.podProxyAt[0]);
    c.resetStats();
    expect(c.stats.podProxyAt).toEqual([]);
  });

  it('sends a bookmark per interval on a quiet watch, none in its last 2 s', async () => {
    const rv = (await call(c, '/apis/keda.sh/v1alpha1/scaledobjects')).json
      .metadata.resourceVersion;
    const w = openWatch(
      c,
      `/apis/keda.sh/v1alpha1/scaledobjects?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=3`,
    );
    const opened = Date.now();
    await waitUntil(() => w.state.ended, 6000);
    w.close();
    expect(w.lines.length).toBeGreaterThanOrEqual(5);
    expect(w.lines.every(l => l.type === 'BOOKMARK')).toBe(true);
    expect(Math.max(...w.lines.map(l => l.at - opened))).toBeLessThan(1500);
  });

  it('throttles with 429 TooManyRequests and Retry-After, as API priority and fairness does', async () => {
    c.faults.set({ throttleRate: 1 });
    const r = await call(c, '/api/v1/pods');
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('1');
    expect(r.json).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 1 },
    });
    expect((await call(c, '/version')).status).toBe(200);
  });

  it('goes silent: open watches stay open and send nothing, new requests hang', async () => {
    const w = openWatch(
      c,
      '/api/v1/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=1',
    );
    await waitUntil(() => w.lines.length > 0, 3000);
    c.faults.set({ silent: true });
    await sleep(150);
    const seen = w.lines.length;
    c.sim.setLoad('billing-agent', 40);
    c.sim.advance(120);
    // past the watch's own timeoutSeconds: a hung server does not end it either
    await sleep(1500);
    expect(w.lines.length).toBe(seen);
    expect(w.state.ended).toBe(false);
    await expect(call(c, '/version', { timeoutMs: 500 })).rejects.toThrow(
      'timeout',
    );
    await expect(call(c, '/api/v1/pods', { timeoutMs: 500 })).rejects.toThrow(
      'timeout',
    );
    w.close();
    c.faults.clear();
    expect((await call(c, '/api/v1/pods')).status).toBe(200);
  });
});

async function waitUntil(cond: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(25);
  }
}
