import type { KubeObject } from '../types';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Col = [name: string, type: string, priority?: number, format?: string];

/** kubectl's HumanDuration. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  if (h < 192)
    return h % 24
      ? `${Math.floor(h / 24)}d${h % 24}h`
      : `${Math.floor(h / 24)}d`;
  if (h < 24 * 730) return `${Math.floor(h / 24)}d`;
  return `${Math.floor(h / 8760)}y`;
}

const age = (o: Json, now: Date) =>
  o.metadata?.creationTimestamp
    ? humanDuration(now.getTime() - Date.parse(o.metadata.creationTimestamp))
    : '<unknown>';
const cond = (o: Json, type: string) =>
  (o.status?.conditions ?? []).find((c: Json) => c.type === type)?.status ??
  'Unknown';

function podStatus(p: Json): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  let reason = p.status?.reason ?? p.status?.phase ?? 'Pending';
  for (const c of p.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated)
      reason =
        c.state.terminated.reason ?? `ExitCode:${c.state.terminated.exitCode}`;
  }
  if (reason === 'Pending' && p.spec?.nodeName) reason = 'ContainerCreating';
  return reason;
}

function restarts(p: Json, now: Date): string {
  const cs: Json[] = p.status?.containerStatuses ?? [];
  const n = cs.reduce((a, c) => a + (c.restartCount ?? 0), 0);
  const last = cs
    .map(c => c.lastState?.terminated?.finishedAt)
    .filter(Boolean)
    .sort()
    .pop();
  return n && last
    ? `${n} (${humanDuration(now.getTime() - Date.parse(last))} ago)`
    : String(n);
}

function hpaTargets(h: Json): string {
  const specs: Json[] = h.spec?.metrics ?? [];
  const cur: Json[] = h.status?.currentMetrics ?? [];
  if (!specs.length) return '<none>';
  return specs
    .map((m, i) => {
      const c = cur[i];
      if (m.type === 'Resource') {
        const v = c?.resource?.current?.averageUtilization;
        return `${m.resource.name}: ${
          v === undefined ? '<unknown>' : `${v}%`
        }/${m.resource.target.averageUtilization}%`;
      }
      const key =
        ({ Pods: 'pods', External: 'external' } as Record<string, string>)[
          m.type
        ] ?? 'object';
      const target =
        m[key]?.target?.averageValue ?? m[key]?.target?.value ?? '?';
      const v = c?.[key]?.current?.averageValue ?? c?.[key]?.current?.value;
      return `${v ?? '<unknown>'}/${target}${
        m.type === 'External' ? ' (avg)' : ''
      }`;
    })
    .join(', ');
}

const printers: Record<
  string,
  { cols: Col[]; cells: (o: Json, now: Date) => unknown[] }
> = {
  Pod: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['Ready', 'string'],
      ['Status', 'string'],
      ['Restarts', 'string'],
      ['Age', 'string'],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ],
    cells: (p, now) => {
      const cs: Json[] = p.status?.containerStatuses ?? [];
      const total = p.spec?.containers?.length ?? 0;
      return [
        p.metadata.name,
        `${cs.filter(c => c.ready).length}/${total}`,
        podStatus(p),
        restarts(p, now),
        age(p, now),
        p.status?.podIP ?? '<none>',
        p.spec?.nodeName ?? '<none>',
        '<none>',
        '<none>',
      ];
    },
  },
  Deployment: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['Ready', 'string'],
      ['Up-to-date', 'integer'],
      ['Available', 'integer'],
      ['Age', 'string'],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ],
    cells: (d, now) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(d, now),
      (d.spec?.template?.spec?.containers ?? [])
        .map((c: Json) => c.name)
        .join(','),
      (d.spec?.template?.spec?.containers ?? [])
        .map((c: Json) => c.image)
        .join(','),
      Object.entries(d.spec?.selector?.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ],
  },
  ReplicaSet: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['Desired', 'integer'],
      ['Current', 'integer'],
      ['Ready', 'integer'],
      ['Age', 'string'],
    ],
    cells: (r, now) => [
      r.metadata.name,
      r.spec?.replicas ?? 0,
      r.status?.replicas ?? 0,
      r.status?.readyReplicas ?? 0,
      age(r, now),
    ],
  },
  HorizontalPodAutoscaler: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['Reference', 'string'],
      ['Targets', 'string'],
      ['MinPods', 'string'],
      ['MaxPods', 'integer'],
      ['Replicas', 'integer'],
      ['Age', 'string'],
    ],
    cells: (h, now) => [
      h.metadata.name,
      `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`,
      hpaTargets(h),
      String(h.spec?.minReplicas ?? 1),
      h.spec?.maxReplicas,
      h.status?.currentReplicas ?? 0,
      age(h, now),
    ],
  },
  Service: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['Type', 'string'],
      ['Cluster-IP', 'string'],
      ['External-IP', 'string'],
      ['Port(s)', 'string'],
      ['Age', 'string'],
      ['Selector', 'string', 1],
    ],
    cells: (s, now) => [
      s.metadata.name,
      s.spec?.type,
      s.spec?.clusterIP,
      '<none>',
      (s.spec?.ports ?? [])
        .map((p: Json) => `${p.port}/${p.protocol}`)
        .join(','),
      age(s, now),
      Object.entries(s.spec?.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ],
  },
  Namespace: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['Status', 'string'],
      ['Age', 'string'],
    ],
    cells: (n, now) => [n.metadata.name, n.status?.phase, age(n, now)],
  },
  Event: {
    cols: [
      ['Last Seen', 'string'],
      ['Type', 'string'],
      ['Reason', 'string'],
      ['Object', 'string'],
      ['Message', 'string'],
    ],
    cells: (e, now) => {
      const last =
        e.lastTimestamp ??
        e.eventTime ??
        e.deprecatedLastTimestamp ??
        e.metadata.creationTimestamp;
      const io = e.involvedObject ?? e.regarding ?? {};
      return [
        humanDuration(now.getTime() - Date.parse(last)),
        e.type,
        e.reason,
        `${String(io.kind).toLowerCase()}/${io.name}`,
        e.message ?? e.note,
      ];
    },
  },
  PodDisruptionBudget: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['Min Available', 'string'],
      ['Max Unavailable', 'string'],
      ['Allowed Disruptions', 'integer'],
      ['Age', 'string'],
    ],
    cells: (p, now) => [
      p.metadata.name,
      String(p.spec?.minAvailable ?? 'N/A'),
      String(p.spec?.maxUnavailable ?? 'N/A'),
      p.status?.disruptionsAllowed ?? 0,
      age(p, now),
    ],
  },
  ScaledObject: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['ScaleTargetKind', 'string'],
      ['ScaleTargetName', 'string'],
      ['Min', 'integer'],
      ['Max', 'integer'],
      ['Ready', 'string'],
      ['Active', 'string'],
      ['Fallback', 'string'],
      ['Paused', 'string'],
      ['Triggers', 'string'],
      ['Age', 'date'],
    ],
    cells: (s, now) => [
      s.metadata.name,
      s.status?.scaleTargetKind ?? 'apps/v1.Deployment',
      s.spec?.scaleTargetRef?.name,
      s.spec?.minReplicaCount ?? 0,
      s.spec?.maxReplicaCount ?? 100,
      cond(s, 'Ready'),
      cond(s, 'Active'),
      cond(s, 'Fallback'),
      cond(s, 'Paused'),
      (s.spec?.triggers ?? []).map((t: Json) => t.type).join(','),
      age(s, now),
    ],
  },
  // kagent.dev/v1alpha2 Agent: the CRD's additionalPrinterColumns, then Age
  Agent: {
    cols: [
      ['Name', 'string', 0, 'name'],
      ['Type', 'string'],
      ['Runtime', 'string'],
      ['Ready', 'string'],
      ['Accepted', 'string'],
      ['Age', 'date'],
    ],
    cells: (a, now) => [
      a.metadata.name,
      a.spec?.type ?? null,
      a.spec?.declarative?.runtime ?? null,
      cond(a, 'Ready'),
      cond(a, 'Accepted'),
      age(a, now),
    ],
  },
};

const generic = {
  cols: [
    ['Name', 'string', 0, 'name'],
    ['Age', 'string'],
  ] as Col[],
  cells: (o: Json, now: Date) => [o.metadata.name, age(o, now)],
};

const rowObject = (o: KubeObject, includeObject: string | null) => {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return o;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  };
};

/** Builds a meta.k8s.io/v1 Table as the server-side printers do. */
export function toTable(
  kind: string,
  items: KubeObject[],
  rv: string | undefined,
  now: Date,
  includeObject: string | null,
) {
  const p = printers[kind] ?? generic;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: rv ? { resourceVersion: rv } : {},
    columnDefinitions: p.cols.map(([name, type, priority, format]) => ({
      name,
      type,
      format: format ?? '',
      description:
        name === 'Name'
          ? 'Name must be unique within a namespace.'
          : `${name} of the ${kind}`,
      priority: priority ?? 0,
    })),
    rows: items.map(o => ({
      cells: p.cells(o as Json, now),
      object: rowObject(o, includeObject),
    })),
  };
}

/** True when the Accept header asks for a Table. */
export const wantsTable = (accept: string | undefined) =>
  !!accept && /as=Table/.test(accept.split(',')[0] ?? '');
