import {
  AgentState,
  OverviewAgent,
  OwnerRollup,
  UNOWNED_OWNER,
  UnregisteredAgent,
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

/** The owner an unregistered agent counts under: its likely owner, or `unowned`. */
export function unregisteredOwner(u: UnregisteredAgent): string {
  return u.owner ?? UNOWNED_OWNER;
}

/**
 * Unregistered agents that match every set filter. They belong to no system
 * and have no type, so a system or type filter leaves none; the owner filter
 * `unowned` keeps those with no known owner.
 */
export function filterUnregistered(
  unregistered: UnregisteredAgent[],
  filter: AgentFilter,
): UnregisteredAgent[] {
  if (filter.system || filter.type) return [];
  return unregistered.filter(
    u =>
      (!filter.owner || unregisteredOwner(u) === filter.owner) &&
      (!filter.state || u.state === filter.state),
  );
}

/** The distinct values of each filterable field, sorted; `unowned` last among the owners. */
export function filterOptions(
  agents: OverviewAgent[],
  unregistered: UnregisteredAgent[] = [],
): Record<(typeof FILTER_KEYS)[number], string[]> {
  const distinct = (values: Array<string | undefined>) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
  const owners = distinct([
    ...agents.map(a => a.owner),
    ...unregistered.map(u => u.owner),
  ]);
  return {
    owner: unregistered.some(u => !u.owner)
      ? [...owners, UNOWNED_OWNER]
      : owners,
    system: distinct(agents.map(a => a.system)),
    type: distinct(agents.map(a => a.type)),
    state: distinct([
      ...agents.map(a => a.state),
      ...unregistered.map(u => u.state),
    ]),
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

type Counted = Pick<
  OverviewAgent,
  'state' | 'replicas' | 'tokens24h' | 'cost24hUsd'
>;

/**
 * Totals per owner of the agents shown, so the rollup always matches the
 * filtered tables: catalog agents and unregistered ones (counted in
 * `unregistered`) under their owner, unregistered agents with no known owner
 * under `unowned`, sorted by cost with `unowned` last. An entry with owner ""
 * is the grand total.
 */
export function rollupByOwner(
  agents: OverviewAgent[],
  unregistered: UnregisteredAgent[] = [],
): {
  owners: OwnerRollup[];
  total: OwnerRollup;
} {
  const byOwner = new Map<string, OwnerRollup>();
  const total = emptyRollup('');
  const add = (owner: string, a: Counted, isUnregistered: boolean) => {
    let mine = byOwner.get(owner);
    if (!mine) {
      mine = emptyRollup(owner);
      if (owner === UNOWNED_OWNER) mine.unowned = true;
      byOwner.set(owner, mine);
    }
    for (const r of [mine, total]) {
      r.agents += 1;
      if (isUnregistered) r.unregistered = (r.unregistered ?? 0) + 1;
      r.byState[a.state] += 1;
      r.replicas.ready += a.replicas.ready;
      r.replicas.desired += a.replicas.desired;
      r.tokens24h.input += a.tokens24h.input;
      r.tokens24h.output += a.tokens24h.output;
      r.cost24hUsd += a.cost24hUsd;
    }
  };
  for (const a of agents) add(a.owner, a, false);
  for (const u of unregistered) add(unregisteredOwner(u), u, true);
  const owners = [...byOwner.values()].sort(
    (a, b) =>
      Number(Boolean(a.unowned)) - Number(Boolean(b.unowned)) ||
      b.cost24hUsd - a.cost24hUsd,
  );
  return { owners, total };
}
