import { readAgentsConfig } from '../../config';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { agent as agentEntity } from '../../__testUtils__/entities';
import { createClusterCache, createPodProxy } from '../ClusterCache';
import { waitFor } from '../ClusterCache/__testUtils__/waitFor';
import { budgetPodProxy, createRequestBudget } from '../RequestBudget';
import { worstWindow } from '../RequestBudget/__testUtils__/worstWindow';
import { PodProxy } from '../types';
import { createReadinessService } from './createReadinessService';

jest.setTimeout(120_000);

const QPS = 5;
const BURST = 10;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const scenarioAgent = (name: string, replicas: number) => ({
  name,
  namespace: 'ai-agents',
  replicas,
  checks: ['llm_api', 'database'],
  scaling: { mode: 'none' as const },
});

/** One request as the budget let it go, stamped when it did. */
interface Sent {
  at: number;
  pod: string;
}

describe('readiness within a request budget of 5/s, burst 10, against a sandbox', () => {
  let sandbox: SandboxCluster;
  let cache: ReturnType<typeof createClusterCache>;
  const budget = createRequestBudget({ qps: QPS, burst: BURST });
  const sent: Sent[] = [];
  const agentOf = (pod: string) => pod.replace(/-[^-]+-[^-]+$/, '');
  const sentFor = (name: string, since = 0) =>
    sent.filter(s => s.at >= since && agentOf(s.pod) === name);
  let readiness: ReturnType<typeof createReadinessService>;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: {
        name: 'budget',
        agents: [
          scenarioAgent('fleet-agent', 50),
          scenarioAgent('viewed-agent', 2),
          scenarioAgent('quiet-agent', 3),
          // runs in the cluster but is no catalog Agent
          scenarioAgent('stranger', 2),
        ],
      },
      timeScale: 0,
    });
    sandbox.sim.advance(40);
    cache = createClusterCache({
      clusters: [
        {
          name: 'sandbox-eu',
          url: sandbox.url,
          token: sandbox.token,
          caData: Buffer.from(sandbox.caData, 'base64').toString('utf8'),
          skipTLSVerify: false,
        },
      ],
      timing: readAgentsConfig(new ConfigReader({})).cache,
      logger: mockServices.logger.mock(),
    });
    cache.start();
    await waitFor(
      () => (cache.snapshot('sandbox-eu')?.pods.length ?? 0) >= 57 && true,
      'all pods cached',
    );
    const inner = createPodProxy(cache.clientOf);
    const recording: PodProxy = {
      get(req) {
        sent.push({ at: performance.now(), pod: req.pod });
        return inner.get(req);
      },
    };
    readiness = createReadinessService({
      cache,
      proxy: budgetPodProxy(budget, recording),
      logger: mockServices.logger.mock(),
      settings: {
        intervalSeconds: 2,
        readyIntervalSeconds: 5,
        timeoutMs: 2000,
        maxBytes: 65536,
        concurrency: 4,
      },
      viewed: { has: ref => ref === 'agent:default/viewed-agent' },
      scanMs: 100,
    });
    readiness.setAgents(
      ['fleet-agent', 'viewed-agent', 'quiet-agent'].map(n => agentEntity(n)),
    );
    sandbox.resetStats();
    readiness.start();
  });

  afterAll(async () => {
    await readiness?.stop();
    budget.stop();
    await cache?.stop();
    await sandbox?.stop();
  });

  const podsOf = (name: string) =>
    cache.snapshot('sandbox-eu')!.pods.filter(p => agentOf(p.name) === name);

  it('fetches the ready pods of the viewed agent only, and leaves ready pods of agents no one views alone', async () => {
    await waitFor(
      () =>
        podsOf('viewed-agent').every(p =>
          readiness.get('sandbox-eu', p.namespace, p.name),
        ),
      "a first breakdown of the viewed agent's pods",
      30_000,
    );
    expect(sentFor('quiet-agent')).toEqual([]);
    expect(sentFor('fleet-agent')).toEqual([]);
    const quietFrom = performance.now();
    await sleep(11_000);
    expect(sentFor('quiet-agent', quietFrom)).toEqual([]);
    expect(sentFor('fleet-agent', quietFrom)).toEqual([]);
    // the viewed agent's ready pods: about every readyIntervalSeconds
    const viewed = sentFor('viewed-agent', quietFrom).length;
    expect(viewed).toBeGreaterThanOrEqual(2);
    expect(viewed).toBeLessThanOrEqual(6);
    expect(sentFor('stranger')).toEqual([]);
  });

  it('holds the budget when 50 pods turn unready at once, fetching them before the viewed agent, and the viewed agent before re-polls', async () => {
    // just after the viewed agent's refresh, so it is not due when the pods turn
    const last = sentFor('viewed-agent').at(-1)!.at;
    await waitFor(
      () => sentFor('viewed-agent', last + 1).length > 0 && true,
      'a refresh of the viewed agent',
      10_000,
    );
    await sleep(300);
    const statsBefore = sandbox.stats.byRoute['get pods/proxy'] ?? 0;
    const sentBefore = sent.length;
    sandbox.sim.setDependency(
      'fleet-agent',
      'database',
      false,
      'error: connection refused',
    );
    sandbox.sim.advance(30);
    const flipped = performance.now();
    await waitFor(
      () => podsOf('fleet-agent').every(p => !p.ready) && true,
      'the fleet unready in the cache',
    );
    await sleep(16_000);

    const storm = sent.slice(sentBefore);
    // the budget was the limit, and held
    const stormStarts = storm.map(s => s.at);
    expect(stormStarts.length).toBeGreaterThanOrEqual(QPS * 16 * 0.8);
    expect(
      worstWindow(
        sent.map(s => s.at),
        QPS,
        BURST,
        5,
      ),
    ).toBeLessThanOrEqual(0);
    // and every pod-proxy request the sandbox saw went through it
    expect((sandbox.stats.byRoute['get pods/proxy'] ?? 0) - statsBefore).toBe(
      storm.length,
    );

    // every pod that turned unready first, each once; then the viewed agent; then re-polls
    const firstFifty = storm.slice(0, 50);
    expect(firstFifty.every(s => agentOf(s.pod) === 'fleet-agent')).toBe(true);
    expect(new Set(firstFifty.map(s => s.pod)).size).toBe(50);
    expect(agentOf(storm[50].pod)).toBe('viewed-agent');
    expect(
      storm.some(
        s => agentOf(s.pod) === 'quiet-agent' || agentOf(s.pod) === 'stranger',
      ),
    ).toBe(false);

    // each breakdown says when it was fetched, and shows the failing check
    const pod = podsOf('fleet-agent')[0];
    const r = readiness.get('sandbox-eu', pod.namespace, pod.name)!;
    expect(r.checks).toEqual(
      expect.arrayContaining([
        {
          name: 'database',
          ok: false,
          message: expect.stringContaining('connection refused'),
        },
      ]),
    );
    const lastSent = storm.filter(s => s.pod === pod.name).at(-1)!.at;
    const fetched = Date.parse(r.fetchedAt) - (Date.now() - performance.now());
    expect(fetched).toBeGreaterThanOrEqual(lastSent - 5);
    expect(fetched).toBeLessThanOrEqual(lastSent + 1000);
    expect(fetched).toBeGreaterThan(flipped);
  });
});
