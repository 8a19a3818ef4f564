import { performance } from 'node:perf_hooks';
import { Entity } from '@backstage/catalog-model';
import { startBenchBackend } from './backend';
import { getJson, postJson } from './http';
import { SandboxProcess } from './sandboxProcess';
import { memory, Percentiles, timeCalls, waitUntil } from './stats';

/** Figures of one fleet size. */
export interface ScaleResult {
  agents: number;
  pods: number;
  sandboxStartMs: number;
  backendStartMs: number;
  firstStatusMs: number;
  firstOverviewMs: number;
  /** Pod-proxy calls of the readiness poller and usage sampler, and the time they need to visit every pod once. */
  readiness: {
    proxyPerMinute: number;
    impliedFullRoundSeconds: number;
    targetPodsWithReadiness: number;
  };
  heap: {
    beforeBytes: number;
    afterBytes: number;
    afterRunBytes: number;
    rssBeforeBytes: number;
    rssAfterBytes: number;
    perPodBytes: number;
    rssPerPodBytes: number;
  };
  latency: {
    status: Percentiles;
    overview: Percentiles;
    kubernetes: Percentiles;
  };
  sizes: {
    statusBytes: number;
    overviewBytes: number;
    kubernetesBytes: number;
  };
  background: {
    windowMs: number;
    perMinute: number;
    byRoute: Record<string, number>;
  };
}

/**
 * One fleet size with AgentDeck's default settings: start-up to first
 * complete answer, heap before and after the cache fills, latencies of both
 * plugins, and the API-server requests AgentDeck makes with nobody looking.
 */
export async function measureScale(
  sandbox: SandboxProcess,
  entities: Entity[],
  target: Entity,
  log: (s: string) => void,
): Promise<ScaleResult> {
  const agents = entities.length;
  const pods = agents * 10;
  const name = target.metadata.name;
  const before = memory();
  const t0 = performance.now();
  const backend = await startBenchBackend({
    clusters: [sandbox.info],
    entities,
  });
  const backendStartMs = performance.now() - t0;
  try {
    const statusUrl = `${backend.baseUrl}/api/agents/entities/default/${name}/status`;
    const overviewUrl = `${backend.baseUrl}/api/agents/overview`;
    await waitUntil(
      'a complete status answer',
      async () => {
        const s = await getJson(statusUrl);
        return s.clusters.some(
          (c: any) =>
            c.syncedAt && c.pods.length === 10 && c.workloads.length === 1,
        );
      },
      600_000,
      50,
    );
    const firstStatusMs = performance.now() - t0;
    log(`  first complete status after ${Math.round(firstStatusMs)} ms`);
    await waitUntil(
      'a complete overview',
      async () => {
        const o = await getJson(overviewUrl);
        return (
          o.agents.length === agents &&
          o.agents.every((a: any) => a.replicas.desired === 10)
        );
      },
      600_000,
      50,
    );
    const firstOverviewMs = performance.now() - t0;
    log(`  first complete overview after ${Math.round(firstOverviewMs)} ms`);
    const after = memory();

    const statusBytes = JSON.stringify(await getJson(statusUrl)).length;
    const overviewBytes = JSON.stringify(await getJson(overviewUrl)).length;
    const kubernetesBytes = JSON.stringify(
      await postJson(`${backend.baseUrl}/api/kubernetes/services/${name}`, {
        entity: target,
      }),
    ).length;

    log('  latency: AgentDeck status');
    const status = await timeCalls(
      async () => void (await getJson(statusUrl)),
      { count: 300, warmup: 10, budgetMs: 30_000 },
    );
    log('  latency: AgentDeck overview');
    const overview = await timeCalls(
      async () => void (await getJson(overviewUrl)),
      { count: 100, warmup: 1, budgetMs: 45_000, minCount: 3 },
    );
    log('  latency: Kubernetes plugin /services/:entity');
    const kubernetes = await timeCalls(
      async () =>
        void (await postJson(
          `${backend.baseUrl}/api/kubernetes/services/${name}`,
          { entity: target },
        )),
      { count: 200, warmup: 5, budgetMs: 45_000, minCount: 10 },
    );

    // With nobody looking: readiness polling, usage sampling, watch renewals.
    await sandbox.resetStats();
    const windowMs = 20_000;
    await new Promise(r => setTimeout(r, windowMs));
    const bg = await sandbox.stats();

    const proxied = Object.entries(bg.byRoute)
      .filter(([k]) => k.includes('pods/proxy'))
      .reduce((n, [, v]) => n + v, 0);
    const sampleStatus = await getJson(statusUrl);
    const withReadiness = sampleStatus.clusters
      .flatMap((c: any) => c.pods)
      .filter((p: any) => p.readiness).length;
    const afterRun = memory();
    return {
      agents,
      pods,
      sandboxStartMs: sandbox.startMs,
      backendStartMs,
      firstStatusMs,
      firstOverviewMs,
      readiness: {
        proxyPerMinute: (proxied * 60_000) / windowMs,
        impliedFullRoundSeconds:
          proxied > 0 ? (pods * windowMs) / proxied / 1000 : Infinity,
        targetPodsWithReadiness: withReadiness,
      },
      heap: {
        beforeBytes: before.heapUsed,
        afterBytes: after.heapUsed,
        afterRunBytes: afterRun.heapUsed,
        rssBeforeBytes: before.rss,
        rssAfterBytes: after.rss,
        perPodBytes: (after.heapUsed - before.heapUsed) / pods,
        rssPerPodBytes: (after.rss - before.rss) / pods,
      },
      latency: { status, overview, kubernetes },
      sizes: { statusBytes, overviewBytes, kubernetesBytes },
      background: {
        windowMs,
        perMinute: (bg.total * 60_000) / windowMs,
        byRoute: bg.byRoute,
      },
    };
  } finally {
    await backend.stop();
  }
}
