import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { ReplicaSample, RescaleEvent } from '@agentdeck/plugin-agents-common';
import {
  createHistoryStore,
  StoredSample,
} from '../ScalingHistory/historyStore';
import { createPodMetricsStore } from '../Usage/podMetricsStore';

/**
 * Tokens (and, optionally, the cost) one agent used of one model in the
 * interval that ends at `at`, as the pod-metrics sampler stores the increase
 * of the pods' counters.
 * @alpha
 */
export interface UsageIncrement {
  /** End of the interval, an ISO 8601 time. */
  at: string;
  /** The model as usage reports name it, e.g. `openai/gpt-4o-mini`. */
  model: string;
  /** Input (prompt) tokens used in the interval. */
  inputTokens: number;
  /** Output (completion) tokens used in the interval. */
  outputTokens: number;
  /** Leave out to have `agents.usage.prices` price the tokens. */
  costUsd?: number;
}

/**
 * Writes into the stores behind the plugin's scaling history and usage, for
 * backfills, imports and demos. Samples and events have the shapes the
 * scaling endpoint answers with, so a history read from one AgentDeck can be
 * written into another. Every method takes a full entity ref (e.g.
 * `agent:default/billing-agent`) and checks all records before it writes
 * any (an `InputError` names the first wrong one).
 * @alpha
 */
export interface AgentsHistoryStore {
  /**
   * Appends replica samples to their series (one per cluster, namespace and
   * autoscaler). Samples at or before the newest stored one of their series
   * are skipped, so write a series oldest first, before the plugin collects
   * it, and a second run of the same backfill writes nothing. Returns how
   * many were written.
   */
  insertSamples(entityRef: string, samples: ReplicaSample[]): Promise<number>;
  /** Stores rescale events, skipping ones already stored; returns how many were new. */
  insertEvents(entityRef: string, events: RescaleEvent[]): Promise<number>;
  /**
   * Adds token usage. Increments add up: writing an interval twice counts
   * it twice. The plugin reads these when it samples the pods' `/metrics`,
   * that is without `agents.usage.prometheus`.
   */
  insertUsage(entityRef: string, increments: UsageIncrement[]): Promise<void>;
}

// The key columns are strings of at most 255 characters.
const MAX_KEY_LENGTH = 255;

function timeOf(what: string, at: string): number {
  const t = Date.parse(at);
  if (!Number.isFinite(t)) {
    throw new InputError(`${what}: 'at' must be an ISO 8601 time, got ${at}`);
  }
  return t;
}

/** The ref as the plugin stores it (as `stringifyEntityRef` writes it). */
function refOf(entityRef: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(entityRef));
  } catch (e) {
    throw new InputError(
      `'${entityRef}' is not an entity ref such as agent:default/billing-agent: ${
        (e as Error).message
      }`,
    );
  }
}

function checkText(what: string, name: string, value: string) {
  if (!value || value.length > MAX_KEY_LENGTH) {
    throw new InputError(
      `${what}: '${name}' must have 1 to ${MAX_KEY_LENGTH} characters`,
    );
  }
}

function checkCounts(
  what: string,
  counts: Record<string, number | undefined>,
  integers: boolean,
) {
  for (const [name, v] of Object.entries(counts)) {
    if (v === undefined) continue;
    const ok = integers ? Number.isSafeInteger(v) : Number.isFinite(v);
    if (typeof v !== 'number' || !ok || v < 0) {
      const kind = integers ? 'an integer' : 'a number';
      throw new InputError(`${what}: '${name}' must be ${kind} ≥ 0`);
    }
  }
}

/**
 * The plugin's history stores on its database client. The tables must
 * exist: run {@link migrateAgentsDatabase} first, e.g. in a backend module
 * of the agents plugin, whose database is the plugin's own.
 * @alpha
 */
export function createAgentsHistoryStore(knex: Knex): AgentsHistoryStore {
  const history = createHistoryStore(knex);
  const usage = createPodMetricsStore(knex);

  return {
    async insertSamples(ref, samples) {
      const entityRef = refOf(ref);
      // oldest first per series, each with its time in milliseconds
      const series = new Map<string, Array<ReplicaSample & { ms: number }>>();
      for (const s of samples) {
        const what = `sample of ${entityRef} at ${s.at}`;
        const ms = timeOf(what, s.at);
        checkText(what, 'cluster', s.cluster);
        checkText(what, 'namespace', s.namespace);
        checkText(what, 'autoscaler', s.autoscaler);
        const { current, desired, min, max } = s;
        checkCounts(what, { current, desired, min, max }, true);
        const id = JSON.stringify([s.cluster, s.namespace, s.autoscaler]);
        const list = series.get(id) ?? [];
        series.set(id, list);
        list.push({ ...s, ms });
      }
      let written = 0;
      for (const list of series.values()) {
        const { cluster, namespace, autoscaler } = list[0]!;
        const key = { entityRef, cluster, namespace, autoscaler };
        const last = await history.latestSample(key);
        let seq = last ? last.seq + 1 : 0;
        let newest = last?.at ?? -Infinity;
        const rows: StoredSample[] = [];
        for (const s of list.sort((a, b) => a.ms - b.ms)) {
          if (s.ms <= newest) continue;
          newest = s.ms;
          const { current, desired, min, max } = s;
          rows.push({ seq: seq++, at: s.ms, current, desired, min, max });
        }
        written += await history.insertSamples(key, rows);
      }
      return written;
    },

    async insertEvents(ref, events) {
      const entityRef = refOf(ref);
      for (const e of events) {
        const what = `event of ${entityRef} at ${e.at}`;
        timeOf(what, e.at);
        checkText(what, 'cluster', e.cluster);
        checkText(what, 'namespace', e.namespace);
        checkText(what, 'object', e.object);
        checkText(what, 'reason', e.reason);
        checkCounts(what, { from: e.from, to: e.to }, true);
      }
      return history.insertEvents(entityRef, events);
    },

    async insertUsage(ref, increments) {
      const entityRef = refOf(ref);
      const points = increments.map(u => {
        const what = `usage of ${entityRef} at ${u.at}`;
        const at = timeOf(what, u.at);
        checkText(what, 'model', u.model);
        const { inputTokens, outputTokens, costUsd } = u;
        checkCounts(what, { inputTokens, outputTokens, costUsd }, false);
        return {
          at,
          model: u.model,
          inputTokens,
          outputTokens,
          ...(costUsd !== undefined ? { costUsd } : {}),
        };
      });
      await usage.addPoints(entityRef, points);
    },
  };
}
