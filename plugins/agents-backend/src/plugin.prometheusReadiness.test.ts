import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import {
  AgentStatusResponse,
  PodStatus,
} from '@agentdeck/plugin-agents-common';
import { freePort } from '@agentdeck/test-utils';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { startPrometheus, TestPrometheus } from '@agentdeck/test-utils';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(90000);

type Row = { labels: Record<string, string>; value: number };

/** A `/metrics` endpoint serving `agent_readiness_check` gauges that the test sets. */
async function startGaugeExporter() {
  let rows: Row[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const lines = [
      '# HELP agent_readiness_check 1 when a readiness check passes',
      '# TYPE agent_readiness_check gauge',
      ...rows.map(
        r =>
          `agent_readiness_check{${Object.entries(r.labels)
            .map(([k, v]) => `${k}="${v}"`)
            .join(',')}} ${r.value}`,
      ),
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    set: (next: Row[]) => void (rows = next),
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

const CACHE = {
  requestTimeoutMs: 1000,
  watchTimeoutSeconds: 2,
  backoffMinMs: 50,
  backoffMaxMs: 300,
};
const proxied = (c: SandboxCluster) =>
  Object.entries(c.stats.byRoute).filter(([route]) => /proxy/.test(route));

describe('readiness from Prometheus', () => {
  let eu: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startAgentsBackend>> | undefined;
  let logger = mockServices.logger.mock();

  const status = async (): Promise<AgentStatusResponse> => {
    const res = await request(backend!.server)
      .get('/api/agents/entities/default/billing-agent/status')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const pods = async (): Promise<PodStatus[]> =>
    (await status()).clusters.flatMap(c => c.pods);
  const readinessWarnings = () =>
    logger.warn.mock.calls
      .map(([message]) => String(message))
      .filter(m => m.startsWith('Readiness'));
  /** Waits for `n` more passes: each stamps the pod's answer anew. */
  const passes = async (pod: string, n: number) => {
    const stamp = async () =>
      (await pods()).find(p => p.name === pod)?.readiness?.fetchedAt;
    const next = async (after: string | undefined) =>
      waitFor(async () => {
        const at = await stamp();
        return at && at !== after && at;
      }, `another pass for ${pod}`);
    let seen = await stamp();
    for (let i = 0; i < n; i++) seen = await next(seen);
  };

  beforeAll(async () => {
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
    // past the scenario's one-off OOM kill; then billing's database fails, so
    // its pods turn unready: the pods the pod proxy would fetch first
    for (let i = 0; i < 10; i++) eu.sim.advance(60);
    eu.sim.setDependency('billing-agent', 'database', false);
    eu.sim.advance(30);
  });

  afterAll(async () => {
    await eu?.stop();
  });

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  describe('with Prometheus scraping the agents', () => {
    let exporter: Awaited<ReturnType<typeof startGaugeExporter>>;
    let prom: TestPrometheus;

    beforeAll(async () => {
      exporter = await startGaugeExporter();
      prom = await startPrometheus([exporter.target]);
    });
    afterAll(async () => {
      await prom?.stop();
      await exporter?.stop();
    });

    it("shows each pod's failing check from Prometheus and sends nothing through the pod proxy", async () => {
      eu.resetStats();
      logger = mockServices.logger.mock();
      backend = await startAgentsBackend({
        clusters: [eu],
        entities: [agent('billing-agent')],
        agents: {
          cache: CACHE,
          // the default source, auto: Prometheus as usage has it
          usage: { prometheus: { baseUrl: prom.baseUrl } },
          readiness: {
            prometheus: { intervalSeconds: 1, clusterLabel: 'cluster' },
          },
        },
        extra: [logger.factory],
      });
      const names = (
        await waitFor(async () => {
          const p = await pods();
          return p.length >= 2 && p.every(x => !x.ready) && p;
        }, 'billing pods, unready')
      ).map(p => p.name);
      const series = (cluster: string, pod: string, check: string) => ({
        cluster,
        namespace: 'ai-agents',
        pod,
        check,
      });
      exporter.set(
        names.flatMap(pod => [
          // two worker processes, as the skeleton's multiprocess gauge has
          // them: failing in one is failing
          {
            labels: { ...series('sandbox-eu', pod, 'database'), pid: '7' },
            value: 0,
          },
          {
            labels: { ...series('sandbox-eu', pod, 'database'), pid: '8' },
            value: 1,
          },
          {
            labels: { ...series('sandbox-eu', pod, 'llm_api'), pid: '7' },
            value: 1,
          },
          // the same pod name in another cluster is another pod
          { labels: series('sandbox-us', pod, 'vector_store'), value: 0 },
        ]),
      );

      const answer = await waitFor(async () => {
        const s = await status();
        const all = s.clusters.flatMap(c => c.pods);
        return (
          all.length === names.length &&
          all.every(p => p.readiness?.checks.length === 2) &&
          s
        );
      }, "every pod's checks from Prometheus");
      for (const p of answer.clusters.flatMap(c => c.pods)) {
        expect(p.readiness?.checks).toEqual([
          { name: 'database', ok: false },
          { name: 'llm_api', ok: true },
        ]);
        expect(p.readiness?.error).toBeUndefined();
        // the sample's time: "checked N s ago"
        const at = Date.parse(p.readiness?.fetchedAt ?? '');
        expect(at).not.toBeNaN();
        expect(at).toBeLessThanOrEqual(Date.now());
      }
      expect(answer.reasons).toEqual(
        expect.arrayContaining([expect.stringMatching(/database failing/)]),
      );
      expect(eu.stats.byRoute['watch pods']).toBeGreaterThan(0);
      expect(proxied(eu)).toEqual([]);

      // garbage on one pod: refused, said on that pod, logged once
      const [odd, ...rest] = names;
      exporter.set([
        ...names.map(pod => ({
          labels: series('sandbox-eu', pod, 'database'),
          value: 0,
        })),
        { labels: series('sandbox-eu', odd, 'c'.repeat(200)), value: 1 },
      ]);
      await waitFor(
        async () =>
          /refused: a check name is too long/.test(
            (await pods()).find(p => p.name === odd)?.readiness?.error ?? '',
          ),
        'the refusal',
      );
      await passes(odd, 2);
      const after = await pods();
      expect(after.find(p => p.name === odd)?.readiness?.checks).toEqual([]);
      for (const name of rest)
        expect(after.find(p => p.name === name)?.readiness?.checks).toEqual([
          { name: 'database', ok: false },
        ]);
      expect(readinessWarnings()).toEqual([
        expect.stringContaining(`sandbox-eu/ai-agents/${odd}`),
      ]);
      expect(proxied(eu)).toEqual([]);
    });

    it('refuses an answer with more series than maxSeries as a whole', async () => {
      logger = mockServices.logger.mock();
      backend = await startAgentsBackend({
        clusters: [eu],
        entities: [agent('billing-agent')],
        agents: {
          cache: CACHE,
          readiness: {
            prometheus: {
              baseUrl: prom.baseUrl,
              intervalSeconds: 1,
              maxSeries: 2,
            },
          },
        },
        extra: [logger.factory],
      });
      const all = await waitFor(async () => {
        const p = await pods();
        return p.length >= 2 && p.every(x => x.readiness?.error) && p;
      }, 'every pod refused');
      for (const p of all) {
        expect(p.readiness?.error).toBe(
          'Prometheus answered more than 2 readiness series (agents.readiness.prometheus.maxSeries)',
        );
        expect(p.readiness?.checks).toEqual([]);
      }
      await passes(all[0].name, 2);
      expect(readinessWarnings()).toEqual([
        expect.stringMatching(
          /^Readiness of all pods from Prometheus left out/,
        ),
      ]);
    });
  });

  it('answers while Prometheus is unreachable, each pod saying so, with one warning', async () => {
    eu.resetStats();
    logger = mockServices.logger.mock();
    const port = await freePort();
    backend = await startAgentsBackend({
      clusters: [eu],
      entities: [agent('billing-agent')],
      agents: {
        cache: CACHE,
        usage: { prometheus: { baseUrl: `http://127.0.0.1:${port}` } },
        readiness: { source: 'prometheus', prometheus: { intervalSeconds: 1 } },
      },
      extra: [logger.factory],
    });
    const s = await waitFor(async () => {
      const x = await status();
      const all = x.clusters.flatMap(c => c.pods);
      return all.length >= 2 && all.every(p => p.readiness?.error) && x;
    }, 'readiness errors');
    const all = s.clusters.flatMap(c => c.pods);
    for (const p of all) {
      expect(p.readiness?.error).toBe(
        'Prometheus could not be reached (ECONNREFUSED)',
      );
      expect(p.readiness?.checks).toEqual([]);
    }
    expect(s.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /readiness unknown \(Prometheus could not be reached \(ECONNREFUSED\)\)/,
        ),
      ]),
    );
    expect(JSON.stringify(s)).not.toContain(String(port));
    await passes(all[0].name, 3);
    expect(readinessWarnings()).toEqual([
      expect.stringMatching(/^Readiness from Prometheus at .* unavailable/),
    ]);
    // never the pod proxy instead
    expect(proxied(eu)).toEqual([]);
  });
});
