// Runs one sandbox cluster in its own process, so the backend's heap and CPU
// figures do not include the simulated fleet. Talks to the parent over IPC.
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';

type Msg = {
  id: number;
  op: 'stats' | 'reset' | 'faults' | 'dependency' | 'stop';
  faults?: Record<string, unknown>;
  dependency?: { agent: string; check: string; ok: boolean };
  budget?: { qps: number; burst: number };
};

/**
 * The most pod-proxy requests in any one second, and how many windows of 1,
 * 2, 5 or 10 s held more than a token bucket of `qps` and `burst` lets
 * through (burst + qps x length), from the arrival times the sandbox keeps.
 */
function proxyWindows(
  at: number[],
  budget: { qps: number; burst: number } = { qps: 5, burst: 10 },
) {
  const most = (ms: number) => {
    let best = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i] - at[j] >= ms) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  };
  const overBudget = [1000, 2000, 5000, 10_000].filter(
    ms => most(ms) > budget.burst + (budget.qps * ms) / 1000,
  ).length;
  return { maxPerSecond: most(1000), overBudget };
}

async function main() {
  const agents = Number(process.env.BENCH_AGENTS ?? '100');
  const podsPerAgent = Number(process.env.BENCH_PODS ?? '10');
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? '20');
  const started = Date.now();
  const cluster: SandboxCluster = await startSandboxCluster({
    name: process.env.BENCH_NAME ?? 'bench',
    scenario: { name: `bench-${agents}`, generate: { agents, podsPerAgent } },
    latencyMs,
    // frozen clock: the fleet holds still, so both systems see the same objects
    timeScale: 0,
  });
  // past start-up, so pods are Running and Ready when the backends first look
  cluster.sim.advance(Number(process.env.BENCH_ADVANCE_SECONDS ?? '120'));
  const send = (m: unknown) => process.send?.(m);
  process.on('message', async (m: Msg) => {
    if (m.op === 'stats')
      send({
        id: m.id,
        stats: {
          total: cluster.stats.total,
          byRoute: { ...cluster.stats.byRoute },
          podProxy: proxyWindows(cluster.stats.podProxyAt, m.budget),
        },
      });
    else if (m.op === 'reset') {
      cluster.resetStats();
      send({ id: m.id });
    } else if (m.op === 'faults') {
      if (m.faults) cluster.faults.set(m.faults);
      else cluster.faults.clear();
      send({ id: m.id });
    } else if (m.op === 'dependency' && m.dependency) {
      const { agent, check, ok } = m.dependency;
      cluster.sim.setDependency(
        agent,
        check,
        ok,
        ok ? undefined : 'bench outage',
      );
      // probes see it on the next tick: pods turn unready as they would
      cluster.sim.advance(15);
      send({ id: m.id });
    } else if (m.op === 'stop') {
      await cluster.stop();
      send({ id: m.id });
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({
    ready: true,
    startMs: Date.now() - started,
    cluster: {
      name: cluster.name,
      url: cluster.url,
      token: cluster.token,
      caData: cluster.caData,
    },
    rssBytes: process.memoryUsage().rss,
  });
}

main().catch(e => {
  process.stderr.write(`sandbox child failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
