import type { KubeObject } from '../types';
import type { ApiContext } from './context';
import type { ResourceType } from './resources';
import { status, StatusError } from './status';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const UNITS: Record<string, number> = {
  m: 1e-3,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
};

/** A Kubernetes quantity ("250m", "1Gi", "2") as a number of base units. */
export function quantity(value: unknown): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(value ?? '0'));
  return m ? Number(m[1]) * (UNITS[m[2]] ?? 1) : 0;
}

/** What a pod counts against each quota key, as the quota admission plugin evaluates it. */
function usage(pod: Json): Record<string, number> {
  const out: Record<string, number> = { pods: 1 };
  for (const c of pod.spec?.containers ?? []) {
    for (const [kind, list] of [
      ['requests', c.resources?.requests],
      ['limits', c.resources?.limits],
    ] as const)
      for (const [res, v] of Object.entries(list ?? {})) {
        const key = `${kind}.${res}`;
        out[key] = (out[key] ?? 0) + quantity(v);
        if (kind === 'requests' && (res === 'cpu' || res === 'memory'))
          out[res] = (out[res] ?? 0) + quantity(v);
      }
  }
  return out;
}

function show(key: string, n: number) {
  if (/cpu$/.test(key) && !Number.isInteger(n))
    return `${Math.round(n * 1000)}m`;
  if (/memory$/.test(key) && n >= 2 ** 20)
    return `${Math.round(n / 2 ** 20)}Mi`;
  return String(n);
}

/**
 * ResourceQuota admission for pods: a pod that would take a namespace over any quota's `hard`
 * is refused with the API server's "exceeded quota" Forbidden, which the ReplicaSet controller
 * turns into a FailedCreate event.
 */
export function quotaAdmission(
  ctx: ApiContext,
  t: ResourceType,
  obj: KubeObject,
) {
  if (t.kind !== 'Pod' || !obj.metadata.namespace) return;
  const quotas = ctx.store.list(
    '/resourcequotas',
    obj.metadata.namespace,
  ) as Json[];
  if (!quotas.length) return;
  const used: Record<string, number> = {};
  for (const p of ctx.store.list('/pods', obj.metadata.namespace) as Json[]) {
    if (
      p.metadata.deletionTimestamp ||
      ['Succeeded', 'Failed'].includes(p.status?.phase)
    )
      continue;
    for (const [k, v] of Object.entries(usage(p))) used[k] = (used[k] ?? 0) + v;
  }
  const requested = usage(obj);
  for (const q of quotas) {
    const over = Object.entries(q.spec?.hard ?? {}).filter(
      ([k, hard]) => (used[k] ?? 0) + (requested[k] ?? 0) > quantity(hard),
    );
    if (!over.length) continue;
    const list = (f: (k: string, hard: unknown) => string) =>
      over.map(([k, hard]) => f(k, hard)).join(',');
    const name = obj.metadata.name ?? '';
    throw new StatusError(
      status(
        403,
        'Forbidden',
        `pods "${name}" is forbidden: exceeded quota: ${
          q.metadata.name
        }, requested: ${list(
          k => `${k}=${show(k, requested[k] ?? 0)}`,
        )}, used: ${list(
          k => `${k}=${show(k, used[k] ?? 0)}`,
        )}, limited: ${list((k, hard) => `${k}=${hard}`)}`,
        { name, kind: 'pods' },
      ),
    );
  }
}
