import {
  AgentState,
  OverviewAgent,
  OwnerRollup,
} from '@agentdeck/plugin-agents-common';

/** The selects of the Agents page; an absent key means "all". */
export interface AgentFilter {
  owner?: string;
  system?: string;
  type?: string;
  state?: string;
}

/** The filterable fields, in display order. */
export const FILTER_KEYS = ['owner', 'system', 'type', 'state'] as const;

/** Agents that match every set filter. */
export function filterAgents(
  agents: OverviewAgent[],
  filter: AgentFilter,
): OverviewAgent[] {
  return agents.filter(a =>
    FILTER_KEYS.every(k => !filter[k] || (a[k] ?? '') === filter[k]),
  );
}

/** The distinct values of each filterable field, sorted. */
export function filterOptions(
  agents: OverviewAgent[],
): Record<(typeof FILTER_KEYS)[number], string[]> {
  const distinct = (k: (typeof FILTER_KEYS)[number]) =>
    [
      ...new Set(agents.map(a => a[k]).filter((v): v is string => Boolean(v))),
    ].sort();
  return {
    owner: distinct('owner'),
    system: distinct('system'),
    type: distinct('type'),
    state: distinct('state'),
  };
}

function emptyRollup(owner: string): OwnerRollup {
  const byState: Record<AgentState, number> = {
    down: 0,
    degraded: 0,
    unknown: 0,
    healthy: 0,
  };
  return {
    owner,
    agents: 0,
    byState,
    replicas: { ready: 0, desired: 0 },
    tokens24h: { input: 0, output: 0 },
    cost24hUsd: 0,
  };
}

/**
 * Totals per owner of the agents shown, so the rollup always matches the
 * filtered table; an entry with owner "" is the grand total.
 */
export function rollupByOwner(agents: OverviewAgent[]): {
  owners: OwnerRollup[];
  total: OwnerRollup;
} {
  const byOwner = new Map<string, OwnerRollup>();
  const total = emptyRollup('');
  for (const a of agents) {
    if (!byOwner.has(a.owner)) byOwner.set(a.owner, emptyRollup(a.owner));
    for (const r of [byOwner.get(a.owner), total]) {
      if (!r) continue;
      r.agents += 1;
      r.byState[a.state] += 1;
      r.replicas.ready += a.replicas.ready;
      r.replicas.desired += a.replicas.desired;
      r.tokens24h.input += a.tokens24h.input;
      r.tokens24h.output += a.tokens24h.output;
      r.cost24hUsd += a.cost24hUsd;
    }
  }
  const owners = [...byOwner.values()].sort(
    (a, b) => b.cost24hUsd - a.cost24hUsd,
  );
  return { owners, total };
}
