import { Entity } from '@backstage/catalog-model';
import { getJson, postJson } from './http';
import { SandboxProcess, SandboxStats } from './sandboxProcess';
import { startBenchBackend } from './backend';
import { waitUntil } from './stats';

/** API-server requests seen at the sandbox while page views ran. */
export interface ViewCount {
  views: number;
  requests: number;
  perView: number;
  byRoute: Record<string, number>;
}

/** Background work stretched to a day, so only page views can cause requests in the window. */
const QUIET = {
  readiness: { intervalSeconds: 86400 },
  history: { intervalSeconds: 86400 },
  usage: { podMetrics: { sampleIntervalSeconds: 86400 } },
  overview: { refreshSeconds: 86400 },
};

async function settle(sandbox: SandboxProcess) {
  let last = -1;
  await waitUntil(
    'the sandbox to see no more background requests',
    async () => {
      const { total } = await sandbox.stats();
      const quiet = total === last;
      last = total;
      return quiet;
    },
    120_000,
    2000,
  );
}

async function count(
  sandbox: SandboxProcess,
  views: number,
  view: () => Promise<void>,
): Promise<ViewCount> {
  await sandbox.resetStats();
  for (let i = 0; i < views; i++) await view();
  const s: SandboxStats = await sandbox.stats();
  return {
    views,
    requests: s.total,
    perView: s.total / views,
    byRoute: s.byRoute,
  };
}

/**
 * One page view and 100 page views (10 a minute for 10 minutes, compressed)
 * of the same agent through both plugins in one backend, counted at the sandbox.
 * AgentDeck's Agent tab loads status, scaling and usage; the Kubernetes
 * plugin's tab posts to /services/:entity.
 */
export async function measurePageViews(
  sandbox: SandboxProcess,
  entities: Entity[],
  target: Entity,
) {
  const backend = await startBenchBackend({
    clusters: [sandbox.info],
    entities,
    agents: QUIET,
  });
  try {
    const name = target.metadata.name;
    const base = `${backend.baseUrl}/api/agents/entities/default/${name}`;
    await waitUntil(
      'AgentDeck to answer with every pod and its readiness',
      async () => {
        const s = await getJson(`${base}/status`);
        const pods = s.clusters.flatMap((c: any) => c.pods);
        return pods.length >= 10 && pods.every((p: any) => p.readiness);
      },
      120_000,
    );
    await settle(sandbox);
    const agentView = async () => {
      await Promise.all([
        getJson(`${base}/status`),
        getJson(`${base}/scaling`),
        getJson(`${base}/usage`),
      ]);
    };
    const k8sView = async () => {
      await postJson(`${backend.baseUrl}/api/kubernetes/services/${name}`, {
        entity: target,
      });
    };
    return {
      agentdeck: {
        one: await count(sandbox, 1, agentView),
        hundred: await count(sandbox, 100, agentView),
      },
      kubernetes: {
        one: await count(sandbox, 1, k8sView),
        hundred: await count(sandbox, 100, k8sView),
      },
    };
  } finally {
    await backend.stop();
  }
}
