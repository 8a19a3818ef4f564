import {
  PodReadiness,
  PodStatus,
  WorkloadStatus,
} from '@agentdeck/plugin-agents-common';
import { CachedDeployment, CachedPod } from '../ClusterCache';

/** A cached pod as the REST answer shows it, with its readiness breakdown if one was fetched. */
export function toPodStatus(
  pod: CachedPod,
  readiness?: PodReadiness,
): PodStatus {
  const {
    labels: _labels,
    deleting: _deleting,
    readyz: _readyz,
    ...shown
  } = pod;
  return readiness ? { ...shown, readiness } : shown;
}

/** A cached Deployment's rollout counters. */
export function toWorkloadStatus(d: CachedDeployment): WorkloadStatus {
  return {
    kind: 'Deployment',
    name: d.name,
    namespace: d.namespace,
    desired: d.desired,
    updated: d.updated,
    ready: d.ready,
    available: d.available,
    conditions: d.conditions,
  };
}
