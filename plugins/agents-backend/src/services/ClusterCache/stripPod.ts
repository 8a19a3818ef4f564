import { arr, conditions, Json, meta, num, obj, str } from './json';
import { CachedPod } from './types';
import { safeProbePath } from './proxyPath';

function readyzOf(containers: unknown[]): CachedPod['readyz'] {
  for (const c of containers) {
    const container = obj(c);
    const ports = arr(container.ports).map(obj);
    const probe = obj(obj(container.readinessProbe).httpGet);
    const byName = (name: unknown) =>
      ports.find(p => p.name === name && typeof p.containerPort === 'number')
        ?.containerPort;
    const port =
      typeof probe.port === 'number'
        ? probe.port
        : byName(probe.port) ?? byName('http');
    if (typeof port === 'number') {
      return { port, path: safeProbePath(str(probe.path)) };
    }
  }
  return undefined;
}

function workloadOf(
  m: Json,
  podLabels: Record<string, string>,
): string | undefined {
  const owner = arr(m.ownerReferences)
    .map(obj)
    .find(o => o.controller === true);
  const name = str(owner?.name);
  if (!owner || !name) return undefined;
  const hash = podLabels['pod-template-hash'];
  // A ReplicaSet is named <deployment>-<pod-template-hash>: no need to watch ReplicaSets.
  if (owner.kind === 'ReplicaSet' && hash && name.endsWith(`-${hash}`)) {
    return name.slice(0, -hash.length - 1);
  }
  return name;
}

/**
 * Keeps what the status view shows. The spec (env, volumes, secret references)
 * is dropped here, at ingestion, so it can never reach the cache or a response.
 */
export function stripPod(raw: Json): CachedPod {
  const m = obj(raw.metadata);
  const spec = obj(raw.spec);
  const status = obj(raw.status);
  const base = meta(raw);
  const statuses = arr(status.containerStatuses).map(obj);
  // True bookkeeping conditions (PodScheduled, Initialized, ...) say nothing; keep Ready and anything not True
  const podConditions = conditions(status.conditions).filter(
    c => c.type === 'Ready' || c.status !== 'True',
  );
  const pod: CachedPod = {
    ...base,
    phase: str(status.phase) ?? 'Unknown',
    ready: podConditions.some(c => c.type === 'Ready' && c.status === 'True'),
    restarts: statuses.reduce((n, s) => n + num(s.restartCount, 0), 0),
    conditions: podConditions,
  };
  for (const s of statuses) {
    const waiting = str(obj(obj(s.state).waiting).reason);
    if (waiting && !pod.waitingReason) pod.waitingReason = waiting;
    const terminated = obj(obj(s.lastState).terminated);
    const reason = str(terminated.reason);
    if (reason && !pod.lastTerminationReason) {
      pod.lastTerminationReason = reason;
      if (typeof terminated.exitCode === 'number')
        pod.lastTerminationExitCode = terminated.exitCode;
      const at = str(terminated.finishedAt);
      if (at) pod.lastTerminatedAt = at;
    }
  }
  const created = str(m.creationTimestamp);
  if (created) pod.createdAt = created;
  if (m.deletionTimestamp) pod.deleting = true;
  const node = str(spec.nodeName);
  if (node) pod.node = node;
  const workload = workloadOf(m, base.labels);
  if (workload) pod.workload = workload;
  // the rollout a pod belongs to: what the agent card is read once for
  const rollout =
    base.labels['pod-template-hash'] ?? base.labels['controller-revision-hash'];
  if (rollout) pod.templateHash = rollout;
  delete pod.labels['pod-template-hash'];
  const readyz = readyzOf(arr(spec.containers));
  if (readyz) pod.readyz = readyz;
  return pod;
}
