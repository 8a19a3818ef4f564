import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AgentState,
  OverviewAgent,
  OwnerRollup,
} from '@agentdeck/plugin-agents-common';
import { AgentStatusService, OverviewService } from '../types';
import { UsageSummary } from './types';

type Spec = {
  owner?: unknown;
  system?: unknown;
  type?: unknown;
  lifecycle?: unknown;
};

/** A full ref whichever short form the entity or the query uses. @public */
export function normalizeRef(
  ref: string,
  defaultKind: string,
  defaultNamespace = 'default',
) {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace }),
    );
  } catch {
    return ref;
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function emptyRollup(owner: string): OwnerRollup {
  return {
    owner,
    agents: 0,
    byState: { down: 0, degraded: 0, unknown: 0, healthy: 0 },
    replicas: { ready: 0, desired: 0 },
    tokens24h: { input: 0, output: 0 },
    cost24hUsd: 0,
  };
}

/**
 * The org-wide view: statuses from the watch cache, usage from the
 * background summary, so its cost does not depend on any remote call.
 * @public
 */
export function createOverviewService(deps: {
  status: AgentStatusService;
  summary: UsageSummary;
  /** Whose readiness is older than its target, for the overview's count. */
  readiness?: {
    behind(cluster: string, namespace: string, pod: string): boolean;
  };
}): OverviewService {
  async function toAgent(
    entity: Entity,
    usageDenied: ReadonlySet<string>,
  ): Promise<{ agent: OverviewAgent; behind: boolean }> {
    const spec = (entity.spec ?? {}) as Spec;
    const ns = entity.metadata.namespace ?? 'default';
    const entityRef = stringifyEntityRef(entity);
    const status = await deps.status.getStatus(entity);
    const workloads = status.clusters.flatMap(c => c.workloads);
    // Ready is counted from the pods, as the state is, so a row never reads "3/3" beside
    // "3 of 3 pods not ready" while a Deployment's status lags behind its pods.
    const livePods = status.clusters
      .flatMap(c => c.pods)
      .filter(p => p.phase !== 'Succeeded' && p.phase !== 'Failed');
    const denied = usageDenied.has(entityRef);
    const { usage, error } = denied
      ? { usage: undefined, error: 'not permitted' }
      : deps.summary.get(entityRef);
    const system = str(spec.system);
    const agent: OverviewAgent = {
      entityRef,
      name: entity.metadata.name,
      ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
      owner: normalizeRef(str(spec.owner) ?? 'unknown', 'group', ns),
      ...(system ? { system: normalizeRef(system, 'system', ns) } : {}),
      type: str(spec.type) ?? 'unknown',
      lifecycle: str(spec.lifecycle) ?? 'unknown',
      state: status.state,
      reasons: status.reasons,
      replicas: {
        ready: livePods.filter(p => p.ready).length,
        desired: workloads.reduce((n, w) => n + w.desired, 0),
      },
      tokens24h: { input: usage?.input ?? 0, output: usage?.output ?? 0 },
      cost24hUsd: usage?.costUsd ?? 0,
      ...(error ? { usageError: error } : {}),
    };
    const behind = status.clusters.some(c =>
      c.pods.some(p => deps.readiness?.behind(c.cluster, p.namespace, p.name)),
    );
    return { agent, behind };
  }

  return {
    async getOverview(entities, filter, options = {}) {
      const usageDenied = options.usageDenied ?? new Set<string>();
      const owner = filter.owner && normalizeRef(filter.owner, 'group');
      const system = filter.system && normalizeRef(filter.system, 'system');
      const rows = (
        await Promise.all(entities.map(e => toAgent(e, usageDenied)))
      ).filter(
        ({ agent: a }) =>
          (!owner || a.owner === owner) && (!system || a.system === system),
      );
      const agents = rows.map(r => r.agent);
      const rollups = new Map<string, OwnerRollup>();
      for (const a of agents) {
        const r = rollups.get(a.owner) ?? emptyRollup(a.owner);
        rollups.set(a.owner, r);
        r.agents += 1;
        r.byState[a.state as AgentState] += 1;
        r.replicas.ready += a.replicas.ready;
        r.replicas.desired += a.replicas.desired;
        r.tokens24h.input += a.tokens24h.input;
        r.tokens24h.output += a.tokens24h.output;
        r.cost24hUsd += a.cost24hUsd;
      }
      return {
        generatedAt: new Date().toISOString(),
        agents: agents.sort((x, y) => x.entityRef.localeCompare(y.entityRef)),
        owners: [...rollups.values()].sort((x, y) =>
          x.owner.localeCompare(y.owner),
        ),
        ...(deps.readiness
          ? { readinessBehind: rows.filter(r => r.behind).length }
          : {}),
      };
    },
  };
}
