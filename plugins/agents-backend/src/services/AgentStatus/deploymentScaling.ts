import { CachedEvent, ClusterSnapshot } from '../ClusterCache';

// a rollout's steps over its ReplicaSets happen within the progress deadline (600 s by default)
const ROLLOUT_WINDOW_MS = 15 * 60_000;

const replicaSetOf = (message: string) =>
  /replica set (\S+)/.exec(message)?.[1];

/**
 * Which deployment-controller `ScalingReplicaSet` events are no rescale: all
 * of them for an autoscaled Deployment (the autoscaler's own event says it),
 * and the steps of a rollout, where one ReplicaSet grows as another goes to 0.
 */
export function createScalingReplicaSetFilter(snap: ClusterSnapshot) {
  const autoscaled = new Set(
    [...snap.hpas, ...snap.scaledObjects]
      .filter(a => a.target.kind === 'Deployment')
      .map(a => `${a.namespace}/${a.target.name}`),
  );
  const byDeployment = new Map<string, Array<{ rs: string; at: number }>>();
  for (const e of snap.events) {
    const rs =
      e.reason === 'ScalingReplicaSet' && e.objectKind === 'Deployment'
        ? replicaSetOf(e.message)
        : undefined;
    if (!rs) continue;
    const key = `${e.namespace}/${e.objectName}`;
    byDeployment.set(key, [
      ...(byDeployment.get(key) ?? []),
      { rs, at: Date.parse(e.at) },
    ]);
  }

  return (e: CachedEvent): boolean => {
    if (e.reason !== 'ScalingReplicaSet' || e.objectKind !== 'Deployment')
      return true;
    const key = `${e.namespace}/${e.objectName}`;
    if (autoscaled.has(key)) return false;
    const rs = replicaSetOf(e.message);
    const at = Date.parse(e.at);
    const rollout = (byDeployment.get(key) ?? []).some(
      o => o.rs !== rs && Math.abs(o.at - at) <= ROLLOUT_WINDOW_MS,
    );
    return !rollout;
  };
}
