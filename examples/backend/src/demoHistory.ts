/*
 * Demo tooling: gives a fresh demo a past. On its first start the agents
 * plugin's stores get the sandbox fleet's last week (or the month so far,
 * when longer, so that budget projections read a whole month's rate): replica
 * samples, rescale events and token usage, recorded from a headless run of
 * the same scenarios the live sandbox runs, written through the plugin's
 * alpha store API before the plugin starts.
 */
import {
  coreServices,
  createBackendModule,
  DatabaseService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type {
  ReplicaSample,
  RescaleEvent,
} from '@agentdeck/plugin-agents-common';
import {
  createAgentsHistoryStore,
  migrateAgentsDatabase,
  UsageIncrement,
} from '@agentdeck/plugin-agents-backend/alpha';
import { simulatePast, SandboxPast } from '@agentdeck/sandbox-cluster';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** One sandbox cluster whose past is seeded: its name in `kubernetes` and its scenario. */
export type DemoCluster = {
  name: string;
  scenario: string;
};

/** What one seeding wrote. */
export interface DemoHistoryResult {
  seeded: boolean;
  samples: number;
  events: number;
  usage: number;
  from?: string;
}

/**
 * A week back, or to the start of the month (UTC) when that is further, and
 * an hour more, so that a chart of the last 7 days has data from its start.
 */
export function pastSpan(now: number): number {
  const d = new Date(now);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return Math.max(7 * DAY, now - monthStart) + HOUR;
}

/** What the plugin's stores take for one entity. */
export interface EntityPast {
  samples: ReplicaSample[];
  events: RescaleEvent[];
  usage: UsageIncrement[];
}

/**
 * The records per entity: the demo catalog registers the agents AgentDeck
 * deployed (`agent:default/<name>`, see examples/catalog/agents.yaml); those
 * kagent or a person deployed are the demo's unregistered agents.
 */
export function entityPasts(
  pasts: Array<{ cluster: string; past: SandboxPast }>,
): Map<string, EntityPast> {
  const out = new Map<string, EntityPast>();
  for (const { cluster, past } of pasts) {
    const refOf = new Map(
      past.agents
        .filter(a => a.deployedBy === 'agentdeck')
        .map(a => [`${a.namespace}/${a.name}`, `agent:default/${a.name}`]),
    );
    const of = (namespace: string, agent: string) => {
      const ref = refOf.get(`${namespace}/${agent}`);
      if (!ref) return undefined;
      let e = out.get(ref);
      if (!e) out.set(ref, (e = { samples: [], events: [], usage: [] }));
      return e;
    };
    for (const a of past.autoscalers) {
      // the key the plugin's collector writes: `${kind}/${name}`
      of(a.namespace, a.agent)?.samples.push(
        ...a.samples.map(s => ({
          ...s,
          cluster,
          namespace: a.namespace,
          autoscaler: `${a.kind}/${a.name}`,
        })),
      );
    }
    for (const r of past.rescales) {
      const { agent: _, ...event } = r;
      of(r.namespace, r.agent)?.events.push({ ...event, cluster });
    }
    for (const u of past.usage) {
      of(u.namespace, u.agent)?.usage.push({
        at: u.at,
        model: u.model,
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
        costUsd: u.costUsd,
      });
    }
  }
  return out;
}

class AlreadyThere extends Error {}
class Fresh extends Error {}

async function recordPasts(
  clusters: DemoCluster[],
  end: number,
  spanMs: number,
) {
  const pasts = [];
  for (const c of clusters) {
    const past = await simulatePast({
      scenario: c.scenario,
      name: c.name,
      end,
      spanMs,
    });
    pasts.push({ cluster: c.name, past });
  }
  return pasts;
}

/** The clusters' past up to `now` ({@link pastSpan} long), per entity ref. */
export async function recordDemoPast(clusters: DemoCluster[], now: number) {
  return entityPasts(await recordPasts(clusters, now, pastSpan(now)));
}

/**
 * Whether the stores hold no replica sample since `since` for any of the
 * series a seeding would write: a probe sample per series, written in a
 * transaction that is always rolled back.
 */
async function historyIsEmpty(
  knex: Knex,
  clusters: DemoCluster[],
  since: number,
): Promise<boolean> {
  // one look at the fleet names every series
  const byEntity = entityPasts(await recordPasts(clusters, since, 1));
  try {
    await knex.transaction(async trx => {
      const store = createAgentsHistoryStore(trx);
      for (const [ref, e] of byEntity) {
        const probes = e.samples.map(s => ({
          ...s,
          at: new Date(since).toISOString(),
        }));
        if ((await store.insertSamples(ref, probes)) !== probes.length)
          throw new AlreadyThere(ref);
      }
      throw new Fresh();
    });
  } catch (e) {
    if (e instanceof Fresh) return true;
    if (e instanceof AlreadyThere) return false;
    throw e;
  }
  return false;
}

/**
 * Records the clusters' past up to `now` and writes it, all or nothing, in
 * one transaction. Only into empty history: when any series already has a
 * sample in the span (an earlier seeding, or the collector of an earlier
 * start), nothing is written, so usage, which adds up, is never written twice.
 */
export async function seedDemoHistory(opts: {
  knex: Knex;
  clusters: DemoCluster[];
  now?: number;
}): Promise<DemoHistoryResult> {
  const now = opts.now ?? Date.now();
  const spanMs = pastSpan(now);
  const none = { seeded: false, samples: 0, events: 0, usage: 0 };
  await migrateAgentsDatabase(opts.knex);
  if (!(await historyIsEmpty(opts.knex, opts.clusters, now - spanMs)))
    return none;
  const pasts = await recordPasts(opts.clusters, now, spanMs);
  const byEntity = entityPasts(pasts);
  const result: DemoHistoryResult = { ...none, from: pasts[0]?.past.from };
  try {
    await opts.knex.transaction(async trx => {
      const store = createAgentsHistoryStore(trx);
      for (const [ref, e] of byEntity) {
        const written = await store.insertSamples(ref, e.samples);
        // another writer got there first: leave it all to them
        if (written !== e.samples.length) throw new AlreadyThere(ref);
        result.samples += written;
      }
      for (const [ref, e] of byEntity) {
        result.events += await store.insertEvents(ref, e.events);
        await store.insertUsage(ref, e.usage);
        result.usage += e.usage.length;
      }
    });
  } catch (e) {
    if (e instanceof AlreadyThere) return none;
    throw e;
  }
  return { ...result, seeded: true };
}

/** The clusters `agentdeckDemo.history.clusters` names (./agentdeck start writes them). */
export function demoClusters(config: RootConfigService): DemoCluster[] {
  return (
    config.getOptionalConfigArray('agentdeckDemo.history.clusters') ?? []
  ).map(c => ({
    name: c.getString('name'),
    scenario: c.getString('scenario'),
  }));
}

/** Seeds the demo's past before the agents plugin starts, when the config names sandbox clusters. */
export const demoHistoryModule = createBackendModule({
  pluginId: 'agents',
  moduleId: 'demo-history',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ config, database, logger }) {
        const clusters = demoClusters(config);
        if (clusters.length === 0) return;
        const started = Date.now();
        const knex = await database.getClient();
        const r = await seedDemoHistory({ knex, clusters });
        if (!r.seeded) {
          logger.info('Demo history: the stores have history already');
        } else {
          logger.info(
            `Demo history: seeded the sandbox fleet's past since ${r.from} (${
              r.samples
            } replica samples, ${r.events} rescale events, ${
              r.usage
            } usage increments) in ${((Date.now() - started) / 1000).toFixed(
              1,
            )} s`,
          );
        }
      },
    });
  },
});
