import {
  DriftDifference,
  DriftMissingObject,
} from '@agentdeck/plugin-agents-common';
import { stripHpa, stripScaledObject } from '../ClusterCache/stripAutoscalers';
import { stripPodTemplate } from '../ClusterCache/stripWorkloads';
import type {
  CachedDeployment,
  CachedHpa,
  CachedMeta,
  CachedScaledObject,
} from '../ClusterCache';
import type { KubeObject } from './kustomize';
import { Json, obj } from '../ClusterCache/json';

/** The live objects of one namespace the watch cache holds, by kind. */
export interface LiveObjects {
  deployments: CachedDeployment[];
  hpas: CachedHpa[];
  scaledObjects: CachedScaledObject[];
}

/** Kinds the watch cache holds, with the resource its watch lists. */
export const CHECKED_KINDS: Record<string, string> = {
  Deployment: 'deployments',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  ScaledObject: 'scaledobjects',
};

const has = (o: unknown, ...path: string[]) => {
  let node: unknown = o;
  for (const key of path) {
    const next = obj(node)[key];
    if (next === undefined || next === null) return false;
    node = next;
  }
  return true;
};
const text = (v: unknown) =>
  v === undefined || v === null ? undefined : String(v);

/** The image without its tag or digest: tags move with every release, so they are not drift. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number ("500m" = "0.5"); undefined when it is not one. */
export function quantity(value: string): number | undefined {
  const m =
    /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(
      value.trim(),
    );
  if (!m) return undefined;
  const base = Number(m[1]) * (m[2] !== undefined ? 10 ** Number(m[2]) : 1);
  return base * SUFFIXES[m[3] ?? ''];
}

function sameQuantity(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  if (a === b) return true;
  const x = quantity(a);
  const y = quantity(b);
  return (
    x !== undefined &&
    y !== undefined &&
    Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y))
  );
}

/** How one environment's rendered objects compare with the live ones. */
export interface Comparison {
  differences: DriftDifference[];
  missing: DriftMissingObject[];
  notChecked: string[];
}

/**
 * Compares the overlay's objects with the live ones in the namespace they
 * render into. Only fields the rendered object sets are compared, so server
 * defaults are no drift; image tags, replicas an autoscaler owns, status and
 * server-managed metadata are left out; env vars are compared by digest and
 * reported by name only. `hidden` kinds (not visible to AgentDeck in that
 * cluster) count as not checked.
 */
export function compareObjects(
  rendered: KubeObject[],
  live: LiveObjects,
  hidden: Set<string> = new Set(),
): Comparison {
  const differences: DriftDifference[] = [];
  const missing: DriftMissingObject[] = [];
  const notChecked = new Set<string>();
  const find = <T extends CachedMeta>(items: T[], o: KubeObject) =>
    items.find(
      i =>
        i.name === o.metadata.name &&
        i.namespace === (o.metadata.namespace ?? i.namespace),
    );
  // an autoscaler (rendered or live) owns the replicas of the Deployment it targets
  const autoscaled = new Set<string>();
  for (const o of rendered) {
    if (o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject') {
      const ref = obj(obj(o.spec).scaleTargetRef);
      autoscaled.add(String(ref.name ?? ''));
    }
  }
  for (const a of [...live.hpas, ...live.scaledObjects])
    if (a.target.kind === 'Deployment') autoscaled.add(a.target.name);

  for (const o of rendered) {
    const { kind } = o;
    const name = o.metadata.name;
    if (!CHECKED_KINDS[kind] || hidden.has(kind)) {
      notChecked.add(kind);
      continue;
    }
    const diff = (field: string, expected?: string, liveValue?: string) =>
      differences.push({
        kind,
        name,
        field,
        ...(expected !== undefined ? { expected } : {}),
        ...(liveValue !== undefined ? { live: liveValue } : {}),
      });
    const items: CachedMeta[] = {
      Deployment: live.deployments,
      HorizontalPodAutoscaler: live.hpas,
      ScaledObject: live.scaledObjects,
    }[kind as 'Deployment'];
    const target = find(items, o);
    if (!target) {
      missing.push({ kind, name });
      continue;
    }
    labelDiffs('metadata.labels', o.metadata.labels, target.labels, diff);
    const spec = obj(o.spec);
    if (kind === 'Deployment') {
      const d = target as CachedDeployment;
      if (has(spec, 'replicas') && !autoscaled.has(name)) {
        if (Number(spec.replicas) !== d.desired)
          diff('spec.replicas', text(spec.replicas), String(d.desired));
      }
      templateDiffs(spec.template, d, diff);
    } else if (kind === 'HorizontalPodAutoscaler') {
      const h = target as CachedHpa;
      const want = stripHpa(o as Json);
      const num = (field: string, key: string, a: number, b: number) => {
        if (has(spec, key) && a !== b) diff(field, String(a), String(b));
      };
      num('spec.minReplicas', 'minReplicas', want.min, h.min);
      num('spec.maxReplicas', 'maxReplicas', want.max, h.max);
      targetDiffs(spec, want.target, h.target, diff);
      for (const m of want.metrics) {
        const got = h.metrics.find(
          x => x.name === m.name && x.source === m.source,
        );
        const field = `spec.metrics[${m.source}:${m.name}].target`;
        const a = `${m.targetType} ${m.target}`;
        const b = got ? `${got.targetType} ${got.target}` : undefined;
        if (a !== b) diff(field, a, b);
      }
    } else {
      const s = target as CachedScaledObject;
      const want = stripScaledObject(o as Json);
      const num = (field: string, key: string, a: number, b: number) => {
        if (has(spec, key) && a !== b) diff(field, String(a), String(b));
      };
      num('spec.minReplicaCount', 'minReplicaCount', want.min, s.min);
      num('spec.maxReplicaCount', 'maxReplicaCount', want.max, s.max);
      targetDiffs(spec, want.target, s.target, diff);
      want.triggers.forEach((t, i) => {
        const got = s.triggers[i];
        if (t.type !== got?.type)
          diff(`spec.triggers[${i}].type`, t.type, got?.type);
        else if (t.target !== undefined && t.target !== got.target)
          diff(`spec.triggers[${i}].metadata`, t.target, got.target);
      });
    }
  }
  return { differences, missing, notChecked: [...notChecked].sort() };
}

type Diff = (field: string, expected?: string, live?: string) => void;

function labelDiffs(
  field: string,
  want: unknown,
  got: Record<string, string>,
  diff: Diff,
) {
  for (const [k, v] of Object.entries(obj(want))) {
    if (got[k] !== String(v)) diff(`${field}.${k}`, String(v), got[k]);
  }
}

function targetDiffs(
  spec: Json,
  want: { kind: string; name: string },
  got: { kind: string; name: string },
  diff: Diff,
) {
  if (!has(spec, 'scaleTargetRef')) return;
  const ref = obj(spec.scaleTargetRef);
  if (ref.name !== undefined && want.name !== got.name)
    diff('spec.scaleTargetRef.name', want.name, got.name);
  if (ref.kind !== undefined && want.kind !== got.kind)
    diff('spec.scaleTargetRef.kind', want.kind, got.kind);
}

function templateDiffs(template: unknown, live: CachedDeployment, diff: Diff) {
  const got = live.template;
  if (!got || template === undefined) return;
  const want = stripPodTemplate(template);
  labelDiffs(
    'spec.template.metadata.labels',
    obj(obj(template).metadata).labels,
    got.labels,
    diff,
  );
  const raw = (obj(obj(template).spec).containers ?? []) as unknown[];
  want.containers.forEach((c, i) => {
    const at = `spec.template.spec.containers[${c.name}]`;
    const l = got.containers.find(x => x.name === c.name);
    if (!l) {
      diff(at, 'present', undefined);
      return;
    }
    const src = obj(raw[i]);
    if (has(src, 'image')) {
      const a = imageRepository(c.image);
      const b = imageRepository(l.image);
      if (a !== b) diff(`${at}.image`, a, b);
    }
    // values never leave the backend: a differing env var is named, nothing more
    for (const [name, digest] of Object.entries(c.env)) {
      if (l.env[name] !== digest) diff(`${at}.env[${name}]`);
    }
    if (Array.isArray(src.env)) {
      for (const name of Object.keys(l.env)) {
        if (!(name in c.env)) diff(`${at}.env[${name}]`);
      }
    }
    for (const part of ['requests', 'limits'] as const) {
      for (const [k, v] of Object.entries(c[part])) {
        if (!sameQuantity(v, l[part][k]))
          diff(`${at}.resources.${part}.${k}`, v, l[part][k]);
      }
    }
  });
}
