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
  /** From a dependency failing in the sandbox to the failing check in the status answer. */
  unreadyShownMs: number;
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
  /** Why the Kubernetes backend gave no answer at this size, when it gave none. */
  kubernetesError?: string;
  sizes: {
    statusBytes: number;
    overviewBytes: number;
    kubernetesBytes: number;
  };
}

/**
 * One fleet size with AgentDeck's default settings: start-up to first
 * complete answer, heap before and after the cache fills, latencies of both
 * plugins, and how soon an outage shows. (What AgentDeck costs the API
 * servers over time is the organisation's hour, see orgHour.ts.)
 */
export async function measureScale(
  sandbox: SandboxProcess,
  entities: Entity[],
  target: Entity,
  podsPerAgent: number,
  log: (s: string) => void,
): Promise<ScaleResult> {
  const agents = entities.length;
  const pods = agents * podsPerAgent;
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
            c.syncedAt &&
            c.pods.length === podsPerAgent &&
            c.workloads.length === 1,
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
          o.agents.every((a: any) => a.replicas.desired === podsPerAgent)
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
    const k8sUrl = `${backend.baseUrl}/api/kubernetes/services/${name}`;
    // The Kubernetes backend may not answer at every fleet size: said, not fatal.
    let kubernetesError: string | undefined;
    let kubernetesBytes = 0;
    try {
      kubernetesBytes = JSON.stringify(
        await postJson(k8sUrl, { entity: target }),
      ).length;
    } catch (e) {
      kubernetesError = `${e}${
        (e as { cause?: unknown }).cause
          ? ` (${(e as { cause?: unknown }).cause})`
          : ''
      }`;
      log(`  the Kubernetes backend did not answer: ${kubernetesError}`);
    }

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
    const kubernetes = kubernetesError
      ? { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN }
      : await timeCalls(
          async () => void (await postJson(k8sUrl, { entity: target })),
          { count: 200, warmup: 5, budgetMs: 45_000, minCount: 10 },
        );

    // An outage: how long until the page says which check fails.
    const outageAt = performance.now();
    await sandbox.setDependency(name, 'llm_api', false);
    await waitUntil(
      'the failing check in the status answer',
      async () => {
        const st = await getJson(statusUrl);
        return st.clusters
          .flatMap((c: any) => c.pods)
          .some((p: any) =>
            p.readiness?.checks?.some(
              (c: any) => c.name === 'llm_api' && !c.ok,
            ),
          );
      },
      300_000,
      250,
    );
    const unreadyShownMs = performance.now() - outageAt;
    log(
      `  failing check shown ${Math.round(unreadyShownMs)} ms after the outage`,
    );
    await sandbox.setDependency(name, 'llm_api', true);
    const afterRun = memory();
    return {
      agents,
      pods,
      sandboxStartMs: sandbox.startMs,
      backendStartMs,
      firstStatusMs,
      firstOverviewMs,
      unreadyShownMs,
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
      ...(kubernetesError ? { kubernetesError } : {}),
    };
  } finally {
    await backend.stop();
  }
}
