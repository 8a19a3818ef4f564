import { KubernetesCondition } from '@agentdeck/plugin-agents-common';
import { CachedMeta } from './types';

/** Untyped JSON from the API server. */
export type Json = Record<string, unknown>;

const MAX_TEXT = 500;

/** An object field, or an empty object: the API omits empty fields. */
export function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : {};
}

/** An array field, or an empty array. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string field; long text is cut, since it is shown, not parsed. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') return undefined;
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
}

/** A number field; zero counters are omitted by the API, so the caller passes the default. */
export function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Copies only string label values. */
export function labels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** name, namespace and labels of an object. */
export function meta(o: Json): CachedMeta {
  const m = obj(o.metadata);
  return {
    name: str(m.name) ?? '',
    namespace: str(m.namespace) ?? '',
    labels: labels(m.labels),
  };
}

/** Conditions with only the fields the view shows (drops lastProbeTime, lastUpdateTime). */
export function conditions(value: unknown): KubernetesCondition[] {
  return arr(value).map(c => {
    const o = obj(c);
    const status =
      o.status === 'True' || o.status === 'False' ? o.status : 'Unknown';
    const out: KubernetesCondition = { type: str(o.type) ?? '', status };
    const reason = str(o.reason);
    const message = str(o.message);
    const at = str(o.lastTransitionTime);
    if (reason) out.reason = reason;
    if (message) out.message = message;
    if (at) out.lastTransitionTime = at;
    return out;
  });
}
