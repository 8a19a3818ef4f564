import { conditions, Json, meta, num, obj, str } from './json';
import { CachedDeployment, CachedEvent } from './types';

/** Strips a Deployment to its rollout counters (absent counters are zero). */
export function stripDeployment(raw: Json): CachedDeployment {
  const spec = obj(raw.spec);
  const status = obj(raw.status);
  return {
    ...meta(raw),
    desired: num(spec.replicas, 1),
    current: num(status.replicas, 0),
    updated: num(status.updatedReplicas, 0),
    ready: num(status.readyReplicas, 0),
    available: num(status.availableReplicas, 0),
    conditions: conditions(status.conditions),
  };
}

/** Strips a core/v1 Event; the newest of lastTimestamp, eventTime, series and creation is its time. */
export function stripEvent(raw: Json): CachedEvent {
  const m = obj(raw.metadata);
  const involved = obj(raw.involvedObject);
  const at =
    str(raw.lastTimestamp) ??
    str(obj(raw.series).lastObservedTime) ??
    str(raw.eventTime) ??
    str(raw.firstTimestamp) ??
    str(m.creationTimestamp) ??
    new Date(0).toISOString();
  const event: CachedEvent = {
    namespace: str(m.namespace) ?? '',
    uid: str(m.uid) ?? `${str(m.name)}`,
    objectKind: str(involved.kind) ?? '',
    objectName: str(involved.name) ?? '',
    reason: str(raw.reason) ?? '',
    message: str(raw.message) ?? '',
    at,
    count: num(raw.count, num(obj(raw.series).count, 1)),
  };
  const type = str(raw.type);
  if (type) event.type = type;
  return event;
}
