import type { KubeObject } from '../types';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Stored (core/v1) Event as events.k8s.io/v1 shows it. */
export function toEventsV1(e: KubeObject): KubeObject {
  const o = e as Json;
  const out: Json = { metadata: o.metadata, eventTime: o.eventTime ?? null };
  if (o.series) out.series = o.series;
  out.reportingController = o.reportingComponent ?? '';
  if (o.reportingInstance) out.reportingInstance = o.reportingInstance;
  if (o.action) out.action = o.action;
  out.reason = o.reason;
  out.regarding = o.involvedObject;
  if (o.related) out.related = o.related;
  out.note = o.message;
  out.type = o.type;
  out.deprecatedSource = o.source ?? {};
  out.deprecatedFirstTimestamp = o.firstTimestamp ?? null;
  out.deprecatedLastTimestamp = o.lastTimestamp ?? null;
  if (o.count) out.deprecatedCount = o.count;
  return out as KubeObject;
}

/** An events.k8s.io/v1 Event converted to the stored core/v1 form. */
export function fromEventsV1(e: KubeObject): KubeObject {
  const o = e as Json;
  const out: Json = {
    metadata: o.metadata,
    involvedObject: o.regarding ?? {},
    reason: o.reason,
    message: o.note,
    source: o.deprecatedSource ?? {},
    firstTimestamp: o.deprecatedFirstTimestamp ?? null,
    lastTimestamp: o.deprecatedLastTimestamp ?? null,
  };
  if (o.deprecatedCount) out.count = o.deprecatedCount;
  out.type = o.type;
  out.eventTime = o.eventTime ?? null;
  if (o.series) out.series = o.series;
  if (o.action) out.action = o.action;
  if (o.related) out.related = o.related;
  out.reportingComponent = o.reportingController ?? '';
  out.reportingInstance = o.reportingInstance ?? '';
  return out as KubeObject;
}
