import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AGENT_CARD_PATH,
  AgentCard,
  AgentCardResponse,
  AgentCardState,
  readAgentCard,
} from '@agentdeck/plugin-agents-common';
import { selectorFor } from '../AgentStatus/selector';
import { CachedPod, ClusterCache } from '../ClusterCache';
import { ResponseTooLargeError } from '../ClusterCache/kubeClient';
import { redactSecrets, safeText } from '../Readiness/redactSecrets';
import { InFlightLimit } from '../RequestBudget/types';
import { PodProxy } from '../types';
import { cardMismatches } from './cardMismatches';
import { AgentCardService, AgentCardSettings } from './types';

/** Options of {@link createAgentCardService}. */
export interface AgentCardServiceOptions {
  cache: ClusterCache;
  /** The request budget's proxy: a read waits for its cluster's budget in the agent's lane. */
  proxy: PodProxy;
  settings: AgentCardSettings;
  logger: LoggerService;
  /** Agents someone has open: their reads wait as `viewed`, others' as `background`. */
  viewed?: { has(entityRef: string): boolean };
  now?: () => number;
}

type Source = NonNullable<AgentCardResponse['source']>;

/** What is known of one rollout's card. */
interface Reading {
  hash: string;
  source: Source;
  fetchedAt?: string;
  /** As shown: credentials masked. */
  card?: AgentCard;
  /** As the card says, for comparing with the catalog. */
  said?: Pick<AgentCard, 'name' | 'description' | 'version'>;
  error?: string;
  /** Reads in a row that got no answer worth keeping; each doubles the wait. */
  failures: number;
  /** When a failed read may be tried again; absent when it never is (the pod's answer was final). */
  retryAt?: number;
  inFlight?: Promise<void>;
}

interface AgentEntry {
  /** Readings by rollout, oldest first; a few, so agents running two versions do not read back and forth. */
  readings: Map<string, Reading>;
  /** The rollout of the last card read, shown while no pod runs. */
  lastRead?: string;
  usedAt: number;
}

/** The pod a card is read from, and its rollout. */
interface Target {
  hash: string;
  cluster: string;
  pod: CachedPod & { readyz: { port: number } };
}

const ROLLOUTS_KEPT = 4;
const RETRY_MIN_MS = 30_000;
const RETRY_MAX_MS = 30 * 60_000;
const FORGET_UNUSED_MS = 24 * 3600_000;
// one read per agent at a time, a few across agents: a hanging pod holds one seat
const LIMIT: InFlightLimit = { total: 4, perLane: 1 };

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** Every text of a card with credentials masked (URLs' user info, tokens, key=value). */
function masked(card: AgentCard): AgentCard {
  const m = redactSecrets;
  return {
    ...card,
    name: m(card.name),
    ...(card.description ? { description: m(card.description) } : {}),
    ...(card.version ? { version: m(card.version) } : {}),
    supportedInterfaces: card.supportedInterfaces.map(i => ({
      ...i,
      url: m(i.url),
      protocolBinding: m(i.protocolBinding),
      ...(i.tenant ? { tenant: m(i.tenant) } : {}),
    })),
    defaultInputModes: card.defaultInputModes.map(m),
    defaultOutputModes: card.defaultOutputModes.map(m),
    skills: card.skills.map(s => ({
      id: m(s.id),
      name: m(s.name),
      description: m(s.description),
      tags: s.tags.map(m),
      examples: s.examples.map(m),
    })),
    ...(card.problems ? { problems: card.problems.map(m) } : {}),
  };
}

/** What a pod-proxy answer that is not a card says, and whether to try again later. */
function failedAnswer(
  status: number,
  body: string,
): { error: string; retry: boolean } {
  let message: string | undefined;
  try {
    const s = JSON.parse(body) as { kind?: unknown; message?: unknown };
    // the API server's own Status: the pod could not be reached, or RBAC said no
    if (s?.kind === 'Status' && typeof s.message === 'string')
      message = `pod proxy: ${safeText(s.message, 200)}`;
  } catch {
    // the agent's own answer
  }
  const retry =
    status === 401 || status === 403 || status === 429 || status >= 500;
  const what = status === 404 ? 'no card served' : 'not a card';
  return {
    error: `HTTP ${status}, ${
      message ?? `${what}: ${safeText(body, 80) || '(empty body)'}`
    }`,
    retry,
  };
}

/**
 * Reads catalog Agents' A2A cards (`/.well-known/agent-card.json`) through
 * the pod proxy, once per rollout: a card is kept under its pods'
 * `pod-template-hash`, read from the newest ready pod when someone asks for
 * it, and read again only when a new rollout's pods run (or after a failure
 * the pod may recover from, with back-off). Answers are capped in time and
 * size, checked field by field, and masked before anything is kept.
 */
export function createAgentCardService(
  opts: AgentCardServiceOptions,
): AgentCardService {
  const { cache, proxy, settings, logger } = opts;
  const now = opts.now ?? Date.now;
  const agents = new Map<string, AgentEntry>();
  const aborts = new Set<AbortController>();
  let lastPrune = now();
  let stopped = false;

  function targetOf(entity: Entity): Target | { noPort: true } | undefined {
    const sel = selectorFor(entity);
    let best: Target | undefined;
    let noPort = false;
    for (const snap of cache.snapshots()) {
      const pods =
        sel.kubernetesId !== undefined && snap.withKubernetesId
          ? snap.withKubernetesId(sel.kubernetesId).pods
          : snap.pods;
      for (const pod of pods) {
        if (pod.phase !== 'Running' || !pod.ready || pod.deleting) continue;
        if (!sel.matches(pod)) continue;
        if (!pod.readyz) {
          noPort = true;
          continue;
        }
        // the newest ready pod: during a rollout, one of the new version
        const at = pod.createdAt ?? '';
        const bestAt = best?.pod.createdAt ?? '';
        if (!best || at > bestAt || (at === bestAt && pod.name < best.pod.name))
          best = {
            hash: pod.templateHash ?? `pod:${pod.name}`,
            cluster: snap.cluster,
            pod: pod as Target['pod'],
          };
      }
    }
    return best ?? (noPort ? { noPort } : undefined);
  }

  async function read(ref: string, reading: Reading, target: Target) {
    const abort = new AbortController();
    aborts.add(abort);
    const { pod, cluster } = target;
    let outcome: { card?: AgentCard; error?: string; retry?: boolean };
    try {
      const res = await proxy.get({
        cluster,
        namespace: pod.namespace,
        pod: pod.name,
        port: pod.readyz.port,
        path: AGENT_CARD_PATH,
        timeoutMs: settings.timeoutMs,
        maxBytes: settings.maxBytes,
        schedule: {
          lane: ref,
          priority: opts.viewed?.has(ref) ? 'viewed' : 'background',
          signal: abort.signal,
          limit: LIMIT,
        },
      });
      if (res.status !== 200) {
        outcome = failedAnswer(res.status, res.body);
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(res.body);
        } catch {
          parsed = undefined;
        }
        const got =
          parsed === undefined ? { error: 'not JSON' } : readAgentCard(parsed);
        outcome =
          'card' in got
            ? { card: got.card }
            : {
                error: `HTTP 200, ${got.error}: ${
                  safeText(res.body, 80) || '(empty body)'
                }`,
              };
      }
    } catch (e) {
      if (abort.signal.aborted || stopped) return;
      outcome =
        e instanceof ResponseTooLargeError
          ? { error: `the card is larger than ${kb(settings.maxBytes)}` }
          : {
              // transport errors can quote what the pod sent
              error: safeText(e instanceof Error ? e.message : String(e), 300),
              retry: true,
            };
    } finally {
      aborts.delete(abort);
    }
    reading.fetchedAt = new Date(now()).toISOString();
    if (outcome.card) {
      reading.card = masked(outcome.card);
      reading.said = outcome.card;
      delete reading.error;
      delete reading.retryAt;
      reading.failures = 0;
      const entry = agents.get(ref);
      if (entry) entry.lastRead = reading.hash;
      return;
    }
    delete reading.card;
    delete reading.said;
    reading.error = outcome.error;
    reading.failures += 1;
    if (outcome.retry) {
      const wait = Math.min(
        RETRY_MIN_MS * 2 ** (reading.failures - 1),
        RETRY_MAX_MS,
      );
      reading.retryAt = now() + wait;
    } else delete reading.retryAt;
    // once per rollout: a final answer is not read again, a retried one logs its first failure
    if (reading.failures === 1)
      logger.warn(
        `The A2A card of ${ref} could not be read from pod ${cluster}/${pod.namespace}/${pod.name} (rollout ${reading.hash}): ${reading.error}`,
      );
  }

  function start(ref: string, entry: AgentEntry, target: Target): Reading {
    const reading: Reading = entry.readings.get(target.hash) ?? {
      hash: target.hash,
      source: {
        cluster: target.cluster,
        namespace: target.pod.namespace,
        pod: target.pod.name,
      },
      failures: 0,
    };
    // a failed read is tried again on a pod that runs now
    reading.source = {
      cluster: target.cluster,
      namespace: target.pod.namespace,
      pod: target.pod.name,
    };
    const p = read(ref, reading, target)
      .catch(e => logger.warn(`Reading the A2A card of ${ref} failed: ${e}`))
      .finally(() => {
        if (reading.inFlight === p) delete reading.inFlight;
      });
    reading.inFlight = p;
    entry.readings.delete(target.hash);
    entry.readings.set(target.hash, reading);
    for (const [hash, r] of entry.readings) {
      if (entry.readings.size <= ROLLOUTS_KEPT) break;
      if (hash !== target.hash && hash !== entry.lastRead && !r.inFlight)
        entry.readings.delete(hash);
    }
    return reading;
  }

  function prune(at: number) {
    if (at - lastPrune < 10 * 60_000) return;
    lastPrune = at;
    for (const [ref, entry] of agents)
      if (
        at - entry.usedAt > FORGET_UNUSED_MS &&
        ![...entry.readings.values()].some(r => r.inFlight)
      )
        agents.delete(ref);
  }

  function answer(
    entity: Entity,
    ref: string,
    state: AgentCardState,
    reading?: Reading,
    error?: string,
  ): AgentCardResponse {
    const out: AgentCardResponse = { entityRef: ref, state, mismatches: [] };
    if (reading) {
      out.podTemplateHash = reading.hash;
      out.source = reading.source;
      if (reading.fetchedAt) out.fetchedAt = reading.fetchedAt;
      if (reading.card) out.card = reading.card;
      if (reading.said)
        out.mismatches = cardMismatches(entity, reading.said).map(m => ({
          ...m,
          card: redactSecrets(m.card),
        }));
      if (reading.error && state !== 'not-running') out.error = reading.error;
    }
    if (error) out.error = error;
    return out;
  }

  return {
    async getCard(entity, options = {}) {
      const ref = stringifyEntityRef(entity);
      const at = now();
      prune(at);
      let entry = agents.get(ref);
      if (!entry) {
        entry = { readings: new Map(), usedAt: at };
        agents.set(ref, entry);
      }
      entry.usedAt = at;
      const target = targetOf(entity);
      if (!target || 'noPort' in target) {
        const last = entry.lastRead
          ? entry.readings.get(entry.lastRead)
          : undefined;
        return answer(
          entity,
          ref,
          target ? 'failed' : 'not-running',
          target ? undefined : last,
          target
            ? 'its ready pods name no HTTP port (no readiness probe, no port named http)'
            : undefined,
        );
      }
      let reading = entry.readings.get(target.hash);
      if (
        !stopped &&
        !reading?.inFlight &&
        (!reading || (reading.retryAt !== undefined && reading.retryAt <= at))
      )
        reading = start(ref, entry, target);
      if (reading?.inFlight) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          reading.inFlight,
          new Promise<void>(resolve => {
            timer = setTimeout(resolve, options.waitMs ?? settings.timeoutMs);
          }),
        ]);
        clearTimeout(timer);
      }
      if (!reading) return answer(entity, ref, 'pending');
      let state: AgentCardState = 'failed';
      if (reading.inFlight) state = 'pending';
      else if (reading.card) state = 'read';
      return answer(entity, ref, state, reading);
    },
    async stop() {
      stopped = true;
      const pending = [...agents.values()].flatMap(e =>
        [...e.readings.values()].flatMap(r => (r.inFlight ? [r.inFlight] : [])),
      );
      aborts.forEach(a => a.abort());
      await Promise.allSettled(pending);
    },
  };
}
