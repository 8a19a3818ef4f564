import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AgentState,
  OverviewAgent,
  OverviewAgentTemplate,
  OwnerRollup,
  UnregisteredAgent,
  UNOWNED_OWNER,
} from '@agentdeck/plugin-agents-common';
import { AgentModel, AgentStatusService, OverviewService } from '../types';
import { DiscoveryService } from '../Discovery';
import { AgentUsage24h, UsageSummary } from './types';

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

const byCodeUnits = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

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
  /** Agents no catalog entity claims; their usage is in `summary` under their id. */
  discovery?: Pick<DiscoveryService, 'list'>;
  /** The template a row's agent records and the template's current version, read per refresh. */
  templates?: { forAgent(entity: Entity): OverviewAgentTemplate | undefined };
}): OverviewService {
  // A row is rebuilt only when its model, its catalog fields or its usage changed.
  const rows = new Map<
    string,
    {
      model: AgentModel;
      usage?: AgentUsage24h;
      error?: string;
      denied: boolean;
      entity: string;
      template: string;
      agent: OverviewAgent;
    }
  >();

  function toAgent(
    entity: Entity,
    usageDenied: ReadonlySet<string>,
  ): { agent: OverviewAgent; behind: boolean } {
    const spec = (entity.spec ?? {}) as Spec;
    const model = deps.status.getModel(entity);
    const entityRef = model.entityRef;
    const denied = usageDenied.has(entityRef);
    const summary = denied ? undefined : deps.summary.get(entityRef);
    // the entity fields a row shows, compared as one string
    const fields = [
      entity.metadata.namespace,
      entity.metadata.title,
      spec.owner,
      spec.system,
      spec.type,
      spec.lifecycle,
    ].join('\n');
    const template = deps.templates?.forAgent(entity);
    const templateKey = template ? JSON.stringify(template) : '';
    const behind = model.clusters.some(c =>
      c.pods.some(p => deps.readiness?.behind(c.cluster, p.namespace, p.name)),
    );
    const kept = rows.get(entityRef);
    if (
      kept &&
      kept.model === model &&
      kept.usage === summary?.usage &&
      kept.error === summary?.error &&
      kept.denied === denied &&
      kept.entity === fields &&
      kept.template === templateKey
    )
      return { agent: kept.agent, behind };
    const ns = entity.metadata.namespace ?? 'default';
    const { usage, error } = denied
      ? { usage: undefined, error: 'not permitted' }
      : summary ?? { usage: undefined, error: undefined };
    const system = str(spec.system);
    const agent: OverviewAgent = {
      entityRef,
      name: entity.metadata.name,
      ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
      owner: normalizeRef(str(spec.owner) ?? 'unknown', 'group', ns),
      ...(system ? { system: normalizeRef(system, 'system', ns) } : {}),
      type: str(spec.type) ?? 'unknown',
      lifecycle: str(spec.lifecycle) ?? 'unknown',
      state: model.state,
      reasons: model.reasons,
      // ready is counted from the pods, as the state is, so a row never reads "3/3" beside
      // "3 of 3 pods not ready" while a Deployment's status lags behind its pods
      replicas: { ready: model.readyPods, desired: model.desiredReplicas },
      tokens24h: { input: usage?.input ?? 0, output: usage?.output ?? 0 },
      cost24hUsd: usage?.costUsd ?? 0,
      ...(error ? { usageError: error } : {}),
      ...(template ? { template } : {}),
    };
    // rows of agents gone from the catalog are dropped now and then
    if (rows.size > 100_000 && !kept) rows.clear();
    rows.set(entityRef, {
      model,
      usage: summary?.usage,
      error: summary?.error,
      denied,
      entity: fields,
      template: templateKey,
      agent,
    });
    return { agent, behind };
  }

  /** The unregistered agents the filter keeps, with their 24 h usage. */
  function unregisteredRows(filter: {
    owner?: string;
    system?: string;
  }): UnregisteredAgent[] {
    // they belong to no system; `owner=unowned` keeps those without a known owner
    if (!deps.discovery || filter.system) return [];
    const owner =
      filter.owner && filter.owner !== UNOWNED_OWNER
        ? normalizeRef(filter.owner, 'group')
        : filter.owner;
    return deps.discovery
      .list()
      .filter(({ row }) => !owner || (row.owner ?? UNOWNED_OWNER) === owner)
      .map(({ row }) => {
        const { usage, error } = deps.summary.get(row.id);
        return {
          ...row,
          tokens24h: { input: usage?.input ?? 0, output: usage?.output ?? 0 },
          cost24hUsd: usage?.costUsd ?? 0,
          ...(error ? { usageError: error } : {}),
        };
      });
  }

  return {
    async getOverview(entities, filter, options = {}) {
      const usageDenied = options.usageDenied ?? new Set<string>();
      const owner = filter.owner && normalizeRef(filter.owner, 'group');
      const system = filter.system && normalizeRef(filter.system, 'system');
      const shown = entities
        .map(e => toAgent(e, usageDenied))
        .filter(
          ({ agent: a }) =>
            (!owner || a.owner === owner) && (!system || a.system === system),
        );
      const agents = shown.map(r => r.agent);
      const unregistered = options.unregistered
        ? unregisteredRows(filter)
        : undefined;
      const rollups = new Map<string, OwnerRollup>();
      const counted: Array<
        Pick<
          OverviewAgent,
          'state' | 'replicas' | 'tokens24h' | 'cost24hUsd'
        > & { owner?: string; unregistered?: true }
      > = [
        ...agents,
        ...(unregistered ?? []).map(u => ({
          ...u,
          unregistered: true as const,
        })),
      ];
      for (const a of counted) {
        const key = a.owner ?? UNOWNED_OWNER;
        let r = rollups.get(key);
        if (!r) {
          r = emptyRollup(key);
          if (key === UNOWNED_OWNER && a.unregistered) r.unowned = true;
          rollups.set(key, r);
        }
        if (a.unregistered) r.unregistered = (r.unregistered ?? 0) + 1;
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
        // code-unit order: localeCompare costs more than the rest of a 5,000-agent answer
        agents: agents.sort((x, y) => byCodeUnits(x.entityRef, y.entityRef)),
        // the unowned rollup last, after every owner
        owners: [...rollups.values()].sort(
          (x, y) =>
            Number(!!x.unowned) - Number(!!y.unowned) ||
            x.owner.localeCompare(y.owner),
        ),
        ...(unregistered ? { unregistered } : {}),
        ...(deps.readiness
          ? { readinessBehind: shown.filter(r => r.behind).length }
          : {}),
      };
    },
  };
}
