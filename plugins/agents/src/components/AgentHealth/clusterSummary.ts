import { ClusterAgentStatus } from '@agentdeck/plugin-agents-common';

/** Figures of one cluster shown in the health card. */
export interface ClusterSummary {
  cluster: string;
  podsReady: number;
  podsTotal: number;
  restarts: number;
  /** e.g. "3/3 updated" or "1/3 updated, rolling out". */
  rollout: string;
  rollingOut: boolean;
  syncedAt?: string;
}

/** Reduces a cluster's pods and workloads to the health card's columns. */
export function summarizeCluster(c: ClusterAgentStatus): ClusterSummary {
  const desired = sum(c.workloads.map(w => w.desired));
  const updated = sum(c.workloads.map(w => w.updated));
  const available = sum(c.workloads.map(w => w.available));
  const rollingOut = updated < desired || available < desired;
  let rollout = `${updated}/${desired} updated`;
  if (updated < desired) rollout += ', rolling out';
  else if (available < desired)
    rollout += `, ${available}/${desired} available`;
  return {
    cluster: c.cluster,
    podsReady: c.pods.filter(p => p.ready).length,
    podsTotal: c.pods.length,
    restarts: sum(c.pods.map(p => p.restarts)),
    rollout: c.workloads.length ? rollout : 'no workloads',
    rollingOut,
    syncedAt: c.syncedAt,
  };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
