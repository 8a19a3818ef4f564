import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';

jest.setTimeout(30000);

describe('fault injection', () => {
  let c: SandboxCluster;
  let pod: string;
  beforeAll(async () => {
    c = await startSandboxCluster({ scenario: 'small', timeScale: 0 });
    c.sim.advance(30);
    pod = (
      await call(
        c,
        '/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dbilling-agent',
      )
    ).json.items[0].metadata.name;
  });
  afterEach(() => c.faults.clear());
  afterAll(() => c.stop());

  it('answers 500 InternalError Status at errorRate 1, and counts requests', async () => {
    c.resetStats();
    c.faults.set({ errorRate: 1 });
    const r = await call(c, '/api/v1/namespaces/ai-agents/pods');
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
    });
    expect(c.stats.total).toBe(1);
    expect(c.stats.byRoute['list pods']).toBe(1);
    c.faults.clear();
    expect((await call(c, '/api/v1/namespaces/ai-agents/pods')).status).toBe(
      200,
    );
  });

  it('refuses connections', async () => {
    c.faults.set({ refuseConnections: true });
    await expect(call(c, '/version')).rejects.toThrow(
      /ECONNRESET|socket hang up|disconnected/,
    );
    c.faults.clear();
    expect((await call(c, '/version')).status).toBe(200);
  });

  it('adds latency that a short client timeout notices', async () => {
    c.faults.set({ latencyMs: 2000 });
    await expect(call(c, '/version', { timeoutMs: 200 })).rejects.toThrow(
      'timeout',
    );
  });

  it('closes watch streams early', async () => {
    c.faults.set({ dropWatchesAfterMs: 200 });
    const r = await call(
      c,
      '/api/v1/namespaces/ai-agents/pods?watch=1&timeoutSeconds=60',
    );
    expect(r.status).toBe(200);
    expect(
      r.text
        .trim()
        .split('\n')
        .every(l => JSON.parse(l).type === 'ADDED'),
    ).toBe(true);
  });

  it('serves huge, garbage and never-ending /readyz bodies for one agent', async () => {
    const path = `/api/v1/namespaces/ai-agents/pods/${pod}:8000/proxy/readyz`;
    c.faults.set({ readyzBody: { agent: 'billing-agent', kind: 'huge' } });
    expect((await call(c, path)).text.length).toBeGreaterThan(10 * 1024 * 1024);
    c.faults.set({ readyzBody: { agent: 'billing-agent', kind: 'garbage' } });
    const g = await call(c, path);
    expect(g.json).toBeUndefined();
    c.faults.set({ readyzBody: { agent: 'billing-agent', kind: 'slow' } });
    await expect(call(c, path, { timeoutMs: 300 })).rejects.toThrow('timeout');
    expect(
      (await call(c, `/api/v1/namespaces/ai-agents/pods/${pod}/proxy/healthz`))
        .json,
    ).toEqual({ status: 'ok' });
  });

  it('expires resourceVersions for watches and exact lists', async () => {
    c.faults.set({ expireResourceVersions: true });
    const w = await call(
      c,
      '/api/v1/namespaces/ai-agents/pods?watch=1&resourceVersion=1&timeoutSeconds=5',
    );
    expect(JSON.parse(w.text.trim()).object.code).toBe(410);
    expect(
      (
        await call(
          c,
          '/api/v1/namespaces/ai-agents/pods?resourceVersion=1&resourceVersionMatch=Exact',
        )
      ).status,
    ).toBe(410);
  });

  it('survives malformed requests', async () => {
    for (const body of ['{', '[1,2]', 'null', '"str"']) {
      const r = await call(c, '/api/v1/namespaces/ai-agents/configmaps', {
        method: 'POST',
        body,
      });
      expect(r.status).toBe(400);
      expect(r.json.reason).toBe('BadRequest');
    }
    expect(
      (
        await call(
          c,
          '/api/v1/namespaces/ai-agents/pods?labelSelector=a%20in%20(',
        )
      ).status,
    ).toBe(400);
    expect(
      (await call(c, '/api/v1/namespaces/ai-agents/pods?continue=garbage'))
        .status,
    ).toBe(400);
    expect(
      (await call(c, '/api/v1/namespaces/ai-agents/nonsense')).status,
    ).toBe(404);
    expect((await call(c, '/version')).status).toBe(200);
  });
});
