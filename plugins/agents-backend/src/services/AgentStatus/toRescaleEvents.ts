import { RescaleEvent } from '@agentdeck/plugin-agents-common';
import { ClusterSnapshot } from '../ClusterCache';
import { WorkloadSelector } from './selector';
import { createScalingReplicaSetFilter } from './deploymentScaling';

const RESCALE_REASONS = new Set([
  'SuccessfulRescale',
  'ScalingReplicaSet',
  'KEDAScaleTargetActivated',
  'KEDAScaleTargetDeactivated',
  'KEDAScalerFailed',
  'ScaledObjectPaused',
]);

function sizes(message: string): { from?: number; to?: number } {
  const fromTo = /from (\d+) to (\d+)/.exec(message);
  if (fromTo) return { from: Number(fromTo[1]), to: Number(fromTo[2]) };
  const to = /(?:New size|to):? (\d+)/.exec(message);
  return to ? { to: Number(to[1]) } : {};
}

/** Rescale events in the cache about the agent's Deployments, HPAs and ScaledObjects. */
export function toRescaleEvents(
  snap: ClusterSnapshot,
  sel: WorkloadSelector,
): RescaleEvent[] {
  const objects = new Set([
    ...snap.deployments
      .filter(sel.matches)
      .map(d => `Deployment/${d.namespace}/${d.name}`),
    ...snap.hpas
      .filter(sel.matches)
      .map(h => `HorizontalPodAutoscaler/${h.namespace}/${h.name}`),
    ...snap.scaledObjects
      .filter(sel.matches)
      .flatMap(s => [
        `ScaledObject/${s.namespace}/${s.name}`,
        `HorizontalPodAutoscaler/${s.namespace}/${
          s.hpaName ?? `keda-hpa-${s.name}`
        }`,
      ]),
  ]);
  const isRescale = createScalingReplicaSetFilter(snap);
  return snap.events
    .filter(
      e =>
        RESCALE_REASONS.has(e.reason) &&
        objects.has(`${e.objectKind}/${e.namespace}/${e.objectName}`),
    )
    .filter(isRescale)
    .map(e => ({
      at: e.at,
      cluster: snap.cluster,
      namespace: e.namespace,
      object: `${e.objectKind}/${e.objectName}`,
      reason: e.reason,
      message: e.message,
      ...sizes(e.message),
    }));
}
