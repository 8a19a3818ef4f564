import http from 'node:http';
import { startControlServer } from '../control';
import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';

function post(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: new http.Agent(), headers },
      res => {
        let text = '';
        res.on('data', d => {
          text += d;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the control endpoint', () => {
  let c: SandboxCluster;
  let control: Awaited<ReturnType<typeof startControlServer>>;
  beforeAll(async () => {
    c = await startSandboxCluster({
      name: 'ctl',
      scenario: 'small',
      timeScale: 0,
    });
    c.sim.advance(120);
    control = await startControlServer([c]);
  });
  afterAll(async () => {
    control.server.close();
    await c.stop();
  });

  const readyz = async () => {
    const pods = (
      await call(
        c,
        '/api/v1/namespaces/ai-agents/pods?labelSelector=app%3Dbilling-agent',
      )
    ).json.items;
    return call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pods[0].metadata.name}:8000/proxy/readyz`,
    );
  };

  it('breaks and mends a dependency of an agent', async () => {
    const down = await post(
      `${control.url}/clusters/ctl/dependency`,
      JSON.stringify({ agent: 'billing-agent', check: 'database', ok: false }),
    );
    expect(down).toEqual({ status: 200, json: { ok: true } });
    c.sim.advance(20);
    const r = await readyz();
    expect(r.status).toBe(503);
    expect(r.json.checks.database).toMatch(/^error: /);

    await post(
      `${control.url}/clusters/ctl/dependency`,
      JSON.stringify({ agent: 'billing-agent', check: 'database', ok: true }),
    );
    c.sim.advance(20);
    expect((await readyz()).status).toBe(200);
  });

  it('sets and clears faults', async () => {
    await post(
      `${control.url}/clusters/ctl/faults`,
      JSON.stringify({ errorRate: 1 }),
    );
    expect((await call(c, '/api/v1/namespaces/ai-agents/pods')).status).toBe(
      500,
    );
    await post(`${control.url}/clusters/ctl/faults`, '{}');
    expect((await call(c, '/api/v1/namespaces/ai-agents/pods')).status).toBe(
      200,
    );
  });

  it('names what is wrong with a bad request', async () => {
    const bad = await post(
      `${control.url}/clusters/ctl/dependency`,
      JSON.stringify({ agent: 'billing-agent' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/check \(string\)/);
    expect((await post(`${control.url}/clusters/nope/load`, '{}')).status).toBe(
      404,
    );
    expect(
      (await post(`${control.url}/clusters/ctl/load`, 'not json')).status,
    ).toBe(400);
  });

  it('refuses what a web page could send: another Host, or no JSON content type', async () => {
    const body = JSON.stringify({ errorRate: 1 });
    const port = new URL(control.url).port;
    expect(
      (
        await post(`${control.url}/clusters/ctl/faults`, body, {
          'content-type': 'text/plain',
        })
      ).status,
    ).toBe(415);
    expect(
      (
        await post(`${control.url}/clusters/ctl/faults`, body, {
          'content-type': 'application/json',
          host: `attacker.example:${port}`,
        })
      ).status,
    ).toBe(403);
    expect((await call(c, '/api/v1/namespaces/ai-agents/pods')).status).toBe(
      200,
    );
  });
});
