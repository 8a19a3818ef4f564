import {
  AgentStatusResponse,
  PodStatus,
} from '@agentdeck/plugin-agents-common';
import { plural } from '../common';

/** A pod together with the cluster it runs in. */
export interface ClusterPod {
  cluster: string;
  pod: PodStatus;
}

/** Every pod of every cluster that answered. */
export function allPods(status: AgentStatusResponse): ClusterPod[] {
  return status.clusters.flatMap(c =>
    c.pods.map(pod => ({ cluster: c.cluster, pod })),
  );
}

/** Check names in first-seen order, so columns stay stable between polls. */
export function checkNames(pods: ClusterPod[]): string[] {
  const names = new Set<string>();
  pods.forEach(p => p.pod.readiness?.checks.forEach(c => names.add(c.name)));
  return [...names];
}

function failing(pod: PodStatus): string[] {
  return pod.readiness?.checks.filter(c => !c.ok).map(c => c.name) ?? [];
}

function andList(xs: string[]): string {
  return xs.length <= 1
    ? xs.join('')
    : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/**
 * One line saying why pods are unready, e.g.
 * "3 pods unready because vector_store is down".
 */
export function readinessSummary(pods: ClusterPod[]): string {
  if (pods.length === 0) return 'No pods.';
  const unready = pods.filter(p => !p.pod.ready);
  if (unready.length === 0) return `All ${plural(pods.length, 'pod')} ready.`;
  const head = `${plural(unready.length, 'pod')} unready`;
  const causes = new Map<string, number>();
  const bump = (cause: string) =>
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
  for (const { pod } of unready) {
    const checks = failing(pod);
    if (checks.length) checks.forEach(bump);
    else if (pod.waitingReason) bump(`@${pod.waitingReason}`);
    else bump('@unknown');
  }
  const checkCauses = [...causes.keys()].filter(k => !k.startsWith('@'));
  const everyPodSameChecks =
    causes.size === checkCauses.length &&
    checkCauses.every(k => causes.get(k) === unready.length);
  if (everyPodSameChecks) {
    const verb = checkCauses.length === 1 ? 'is' : 'are';
    return `${head} because ${andList(checkCauses)} ${verb} down.`;
  }
  const parts = [...causes.entries()].map(([cause, n]) => {
    if (cause === '@unknown') return `${n} without a readiness breakdown`;
    if (cause.startsWith('@')) return `${cause.slice(1)} on ${n}`;
    return `${cause} down on ${n}`;
  });
  return `${head}: ${parts.join(', ')}.`;
}
