import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxCluster } from './types';

/**
 * A plain-HTTP control endpoint on loopback for the running sandbox, so a
 * demo user or an end-to-end test can break things on purpose:
 *   POST /clusters/:name/dependency  {"agent","check","ok","error"?}
 *   POST /clusters/:name/load        {"agent","activeRequestsPerPod"}
 *   POST /clusters/:name/faults      {"latencyMs"?, "errorRate"?, ...} (an empty object clears them)
 */
const MAX_BODY = 64 * 1024;

export async function startControlServer(
  clusters: SandboxCluster[],
  port = 0,
): Promise<{ url: string; server: Server }> {
  // set once listening: the port is only known then
  let expectedHost = '';
  const server = createServer((req, res) => {
    const reply = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // A web page can POST to loopback too: insist on our own Host (no DNS
    // rebinding) and on a JSON content type (not a CORS-simple request).
    if (req.headers.host !== expectedHost) {
      reply(403, { error: `Host must be ${expectedHost}` });
      return;
    }
    if (
      req.headers['content-type']?.split(';')[0].trim() !== 'application/json'
    ) {
      reply(415, { error: 'content-type must be application/json' });
      return;
    }
    const m = /^\/clusters\/([^/]+)\/(dependency|load|faults)$/.exec(
      req.url ?? '',
    );
    const cluster = m && clusters.find(c => c.name === m[1]);
    if (req.method !== 'POST' || !m || !cluster) {
      reply(404, { error: 'POST /clusters/:name/(dependency|load|faults)' });
      return;
    }
    let raw = '';
    req.on('data', d => {
      raw += d;
      if (raw.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        reply(400, { error: 'body is not JSON' });
        return;
      }
      const { agent, check, ok, error } = body;
      if (m[2] === 'dependency') {
        if (
          typeof agent !== 'string' ||
          typeof check !== 'string' ||
          typeof ok !== 'boolean'
        ) {
          reply(400, {
            error:
              'dependency needs agent (string), check (string), ok (boolean)',
          });
          return;
        }
        cluster.sim.setDependency(
          agent,
          check,
          ok,
          typeof error === 'string' ? error : undefined,
        );
      } else if (m[2] === 'load') {
        const n = body.activeRequestsPerPod;
        if (typeof agent !== 'string' || typeof n !== 'number') {
          reply(400, {
            error: 'load needs agent (string), activeRequestsPerPod (number)',
          });
          return;
        }
        cluster.sim.setLoad(agent, n);
      } else if (Object.keys(body).length === 0) {
        cluster.faults.clear();
      } else {
        cluster.faults.set(body);
      }
      reply(200, { ok: true });
    });
  });
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
  expectedHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `http://${expectedHost}`, server };
}
