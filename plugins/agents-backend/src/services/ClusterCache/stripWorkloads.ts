import { createHash } from 'node:crypto';
import { arr, conditions, Json, labels, meta, num, obj, str } from './json';
import { CachedDeployment, CachedEvent, CachedPodTemplate } from './types';

/** JSON with object keys sorted, so equal values digest alike whatever order the server sends. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * A 16-character digest of an env var's value or valueFrom: drift compares
 * env vars by it, so values are never kept (the API server's default
 * `fieldRef.apiVersion: v1` is left out).
 */
export function envDigest(env: Json): string {
  const valueFrom = obj(env.valueFrom);
  const fieldRef = obj(valueFrom.fieldRef);
  const from =
    fieldRef.apiVersion === 'v1'
      ? { ...valueFrom, fieldRef: { ...fieldRef, apiVersion: undefined } }
      : env.valueFrom;
  return createHash('sha256')
    .update(canonical({ value: env.value ?? '', valueFrom: from ?? null }))
    .digest('hex')
    .slice(0, 16);
}

const quantities = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) {
    const q = str(v);
    if (q !== undefined) out[k] = q;
  }
  return out;
};

/** The pod template as drift compares it: see {@link CachedPodTemplate}. */
export function stripPodTemplate(template: unknown): CachedPodTemplate {
  const t = obj(template);
  return {
    labels: labels(obj(t.metadata).labels),
    containers: arr(obj(t.spec).containers).map(raw => {
      const c = obj(raw);
      const env: Record<string, string> = {};
      for (const e of arr(c.env).map(obj)) {
        const name = str(e.name);
        if (name) env[name] = envDigest(e);
      }
      return {
        name: str(c.name) ?? '',
        image: str(c.image) ?? '',
        env,
        requests: quantities(obj(c.resources).requests),
        limits: quantities(obj(c.resources).limits),
      };
    }),
  };
}

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
    template: stripPodTemplate(spec.template),
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
