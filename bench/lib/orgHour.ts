// "An organisation's hour": 1,000 agents in two clusters, 600 agent page views
// in the hour, AgentDeck's default settings, counted at both API servers, beside
// Backstage's Kubernetes plugin (whose tab refreshes every 10 s while open).
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/config';
import type { Knex } from 'knex';
import { BenchBackend, startBenchBackend, syntheticAgents } from './backend';
import { getJson, postJson } from './http';
import { SandboxProcess, startSandboxProcess } from './sandboxProcess';
import { waitUntil } from './stats';

const HOUR_MS = 3_600_000;
/** Views in the hour, as the issue sets them. */
const VIEWS_PER_HOUR = 600;
/** A view lasts a minute; the Kubernetes plugin's tab asks again every 10 s. */
const K8S_REQUESTS_PER_VIEW = 6;

/** What one configuration cost the API servers over the window, and scaled to the hour. */
export interface OrgHourRow {
  label: string;
  replicas: number;
  windowMs: number;
  views: number;
  /** Every request both API servers saw in the window, by kind. */
  window: { total: number; podProxy: number; watches: number; other: number };
  /** The window's requests scaled to an hour. */
  perHour: number;
  /** The most pod-proxy requests one cluster saw in any one second. */
  maxPodProxyPerSecond: number;
  /** Windows of 1, 2, 5 or 10 s (per cluster) holding more than burst + qps x their length: the budget broken. */
  overBudget: number;
  budget: { qps: number; burst: number };
}

export interface OrgHourResult {
  agents: number;
  podsPerAgent: number;
  clusters: number;
  rows: OrgHourRow[];
  kubernetes: { requestsPerRefresh: number; perHour: number };
}

const isProxy = (route: string) => route.includes('proxy');
const isWatch = (route: string) => route.includes('watch');

function split(byRoute: Record<string, number>) {
  let podProxy = 0;
  let watches = 0;
  let other = 0;
  for (const [route, n] of Object.entries(byRoute)) {
    if (isProxy(route)) podProxy += n;
    else if (isWatch(route)) watches += n;
    else other += n;
  }
  return { total: podProxy + watches + other, podProxy, watches, other };
}

async function resetAll(sandboxes: SandboxProcess[]) {
  await Promise.all(sandboxes.map(s => s.resetStats()));
}

async function statsAll(sandboxes: SandboxProcess[]) {
  const all: Record<string, number> = {};
  for (const s of sandboxes) {
    const { byRoute } = await s.stats();
    for (const [k, v] of Object.entries(byRoute)) all[k] = (all[k] ?? 0) + v;
  }
  return all;
}

/** Deterministic choice of which agent each view opens: a few are popular, most are not. */
function viewedAgent(entities: Entity[], i: number) {
  const popular = Math.max(1, Math.floor(entities.length / 50));
  const k = (i * 7919) % 997;
  return k % 3 === 0
    ? entities[k % popular]
    : entities[(k * 31) % entities.length];
}

async function runConfiguration(opts: {
  label: string;
  sandboxes: SandboxProcess[];
  entities: Entity[];
  agents: JsonObject;
  replicas: number;
  windowMs: number;
  knex?: Knex;
  log: (s: string) => void;
}): Promise<OrgHourRow> {
  const { sandboxes, entities, log } = opts;
  const backends: BenchBackend[] = [];
  try {
    for (let r = 0; r < opts.replicas; r++)
      backends.push(
        await startBenchBackend({
          clusters: sandboxes.map(s => s.info),
          entities,
          agents: opts.agents,
          knex: opts.knex,
        }),
      );
    await waitUntil(
      'every agent in the overview',
      async () => {
        const o = await getJson(`${backends[0].baseUrl}/api/agents/overview`);
        return (
          o.agents.length === entities.length &&
          o.agents.every((a: any) => a.state !== 'unknown' || a.reasons.length)
        );
      },
      300_000,
      2000,
    );
    const budgetSet = (opts.agents.requestBudget ?? {}) as {
      qps?: number;
      burst?: number;
    };
    const budget = { qps: budgetSet.qps ?? 5, burst: budgetSet.burst ?? 10 };
    await resetAll(sandboxes);
    const views = Math.round((VIEWS_PER_HOUR * opts.windowMs) / HOUR_MS);
    const started = Date.now();
    for (let i = 0; i < views; i++) {
      // views spread evenly over the window, each replica taking turns
      const due = started + (i * opts.windowMs) / views;
      await new Promise(r => setTimeout(r, Math.max(0, due - Date.now())));
      const entity = viewedAgent(entities, i);
      const base = `${
        backends[i % backends.length].baseUrl
      }/api/agents/entities/default/${entity.metadata.name}`;
      await Promise.all([
        getJson(`${base}/status`),
        getJson(`${base}/scaling`),
        getJson(`${base}/usage`),
      ]);
    }
    await new Promise(r =>
      setTimeout(r, Math.max(0, started + opts.windowMs - Date.now())),
    );
    const window = split(await statsAll(sandboxes));
    // the sandboxes keep each pod-proxy request's arrival time: every window is checked
    const perCluster = await Promise.all(sandboxes.map(s => s.stats(budget)));
    const maxPodProxyPerSecond = Math.max(
      ...perCluster.map(c => c.podProxy.maxPerSecond),
    );
    const overBudget = perCluster.reduce(
      (n, c) => n + c.podProxy.overBudget,
      0,
    );
    const row: OrgHourRow = {
      label: opts.label,
      replicas: opts.replicas,
      windowMs: opts.windowMs,
      views,
      window,
      perHour: Math.round((window.total * HOUR_MS) / opts.windowMs),
      maxPodProxyPerSecond,
      overBudget,
      budget,
    };
    log(
      `${opts.label}: ${window.total} requests in ${Math.round(
        opts.windowMs / 1000,
      )} s (${window.podProxy} pod proxy, ${window.watches} watches), ${
        row.perHour
      }/hour, peak ${maxPodProxyPerSecond}/s per cluster`,
    );
    return row;
  } finally {
    for (const b of backends) await b.stop();
  }
}

/**
 * Measures the hour over a shorter window that still holds every periodic
 * pass (readiness of unready pods every 30 s, ready pods of viewed agents every
 * 5 min, usage sampling every minute, watch renewals every 5 min), with the
 * views of the hour spread over it in proportion, and scales to the hour.
 */
export async function measureOrgHour(opts: {
  agents: number;
  podsPerAgent: number;
  latencyMs: number;
  windowMs: number;
  /** Share of agents whose pods are unready all hour (a dependency down). */
  unreadyShare: number;
  prometheusUrl?: string;
  knex?: Knex;
  log: (s: string) => void;
}): Promise<OrgHourResult> {
  const perCluster = Math.ceil(opts.podsPerAgent / 2);
  const sandboxes: SandboxProcess[] = [];
  try {
    for (const name of ['bench-eu', 'bench-us'])
      sandboxes.push(
        await startSandboxProcess({
          name,
          agents: opts.agents,
          podsPerAgent: perCluster,
          latencyMs: opts.latencyMs,
        }),
      );
    const entities = syntheticAgents(opts.agents);
    const unready = Math.round(opts.agents * opts.unreadyShare);
    for (const s of sandboxes)
      for (let i = 0; i < unready; i++)
        await s.setDependency(
          entities[(i * 37) % entities.length].metadata.name,
          'llm_api',
          false,
        );

    const rows: OrgHourRow[] = [];
    const run = (label: string, agents: JsonObject, replicas = 1) =>
      runConfiguration({
        label,
        sandboxes,
        entities,
        agents,
        replicas,
        windowMs: opts.windowMs,
        knex: opts.knex,
        log: opts.log,
      }).then(r => void rows.push(r));

    await run('AgentDeck, defaults, no Prometheus', {});
    if (opts.prometheusUrl)
      await run('AgentDeck, defaults, with Prometheus', {
        usage: { prometheus: { baseUrl: opts.prometheusUrl } },
        readiness: { source: 'prometheus' },
      });
    if (opts.knex)
      await run('AgentDeck, defaults, no Prometheus, 2 replicas', {}, 2);

    // The Kubernetes plugin: what one refresh of its tab costs, with both clusters configured.
    const backend = await startBenchBackend({
      clusters: sandboxes.map(s => s.info),
      entities,
      agents: {},
    });
    let requestsPerRefresh = 0;
    try {
      const target = entities[0];
      // AgentDeck in the same backend lists at start: let it finish first
      await waitUntil(
        'AgentDeck to list the clusters',
        async () =>
          (
            await getJson(`${backend.baseUrl}/api/agents/overview`)
          ).agents.length === entities.length,
        300_000,
        2000,
      );
      await postJson(
        `${backend.baseUrl}/api/kubernetes/services/${target.metadata.name}`,
        { entity: target },
      );
      await new Promise(r => setTimeout(r, 2000));
      const before = split(await statsAll(sandboxes)).other;
      const refreshes = 10;
      for (let i = 0; i < refreshes; i++)
        await postJson(
          `${backend.baseUrl}/api/kubernetes/services/${target.metadata.name}`,
          { entity: target },
        );
      const after = split(await statsAll(sandboxes)).other;
      requestsPerRefresh = (after - before) / refreshes;
    } finally {
      await backend.stop();
    }
    return {
      agents: opts.agents,
      podsPerAgent: opts.podsPerAgent,
      clusters: sandboxes.length,
      rows,
      kubernetes: {
        requestsPerRefresh,
        perHour: Math.round(
          requestsPerRefresh * VIEWS_PER_HOUR * K8S_REQUESTS_PER_VIEW,
        ),
      },
    };
  } finally {
    for (const s of sandboxes) await s.stop();
  }
}
