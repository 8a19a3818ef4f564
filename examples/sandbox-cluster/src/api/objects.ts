import type { KubeObject } from '../types';
import { rfc3339 } from '../rng';
import type { ApiContext } from './context';
import { applyDefaults, hasGeneration } from './defaults';
import { podSecurityAdmission } from './admission';
import { quotaAdmission } from './quota';
import { resourceTypes, typeOf, type ResourceType } from './resources';
import {
  alreadyExists,
  conflict,
  invalid,
  notFound,
  status,
  StatusError,
} from './status';
import { validate } from './validate';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface WriteResult {
  obj: KubeObject;
  warnings: string[];
}

const stripRv = (o: KubeObject): KubeObject => {
  const { resourceVersion, ...metadata } = o.metadata;
  return { ...o, metadata };
};

function requireNamespace(
  ctx: ApiContext,
  t: ResourceType,
  ns: string | undefined,
  name: string,
) {
  if (!t.namespaced || !ns) return;
  const n = ctx.store.get('/namespaces', undefined, ns);
  if (!n) throw notFound('namespaces', ns);
  if (n.metadata.deletionTimestamp)
    throw new StatusError(
      status(
        403,
        'Forbidden',
        `${t.plural} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        { name, kind: t.plural },
      ),
    );
}

function clusterIp(ctx: ApiContext) {
  return `10.96.${ctx.rng.int(255)}.${1 + ctx.rng.int(253)}`;
}

/** Create as the API server does: name generation, validation, admission, defaulting. */
export function createObject(
  ctx: ApiContext,
  t: ResourceType,
  input: KubeObject,
  ns: string | undefined,
  dryRun = false,
): WriteResult {
  const meta: Json = { ...(input.metadata ?? {}) };
  if (!meta.name && meta.generateName)
    meta.name = `${meta.generateName}${ctx.rng.suffix(5)}`;
  if (t.namespaced) meta.namespace = ns ?? meta.namespace ?? 'default';
  else delete meta.namespace;
  const causes = validate(t.kind, { ...input, metadata: meta } as KubeObject);
  if (causes.length) throw invalid(t.kind, t.group, meta.name ?? '', causes);
  requireNamespace(ctx, t, meta.namespace, meta.name ?? '');
  if (ctx.store.get(t.storage, meta.namespace, meta.name))
    throw alreadyExists(t.plural, meta.name, t.group);
  const warnings = podSecurityAdmission(ctx, t, {
    ...input,
    metadata: meta,
  } as KubeObject);
  quotaAdmission(ctx, t, { ...input, metadata: meta } as KubeObject);
  const { kind, apiVersion, metadata: _m, ...rest } = input as Json;
  const ordered: Json = { name: meta.name };
  if (meta.generateName) ordered.generateName = meta.generateName;
  if (meta.namespace) ordered.namespace = meta.namespace;
  ordered.uid = ctx.rng.uid();
  if (hasGeneration(t.kind, t.group)) ordered.generation = 1;
  ordered.creationTimestamp = rfc3339(ctx.now());
  for (const [k, v] of Object.entries(meta))
    if (
      !(k in ordered) &&
      ![
        'resourceVersion',
        'uid',
        'creationTimestamp',
        'generation',
        'managedFields',
      ].includes(k)
    )
      ordered[k] = v;
  const obj = applyDefaults(
    t.kind,
    { metadata: ordered, ...rest } as KubeObject,
    { randomSuffix: () => ctx.rng.suffix(5), clusterIp: () => clusterIp(ctx) },
  );
  if (dryRun) return { obj: stripRv(obj), warnings };
  return { obj: ctx.store.put(t.storage, obj), warnings };
}

/** Replaces an object (PUT, or the result of a patch); `sub` limits the change to a subresource. */
export function updateObject(
  ctx: ApiContext,
  t: ResourceType,
  input: KubeObject,
  ns: string | undefined,
  name: string,
  opts: { dryRun?: boolean; sub?: string } = {},
): WriteResult {
  const old = ctx.store.get(t.storage, t.namespaced ? ns : undefined, name) as
    | Json
    | undefined;
  if (!old) throw notFound(t.plural, name, t.group);
  const inMeta: Json = input.metadata ?? {};
  if (
    inMeta.resourceVersion &&
    inMeta.resourceVersion !== old.metadata.resourceVersion
  )
    throw conflict(t.plural, name, t.group);
  const { kind, apiVersion, ...body } = input as Json;
  let next: Json;
  if (opts.sub === 'status') next = { ...old, status: body.status };
  else {
    next = {
      ...body,
      metadata: {
        ...inMeta,
        name,
        namespace: old.metadata.namespace,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
      },
    };
    if (!next.metadata.namespace) delete next.metadata.namespace;
    if (old.status !== undefined && t.subresources?.includes('status'))
      next.status = old.status;
    const causes = validate(t.kind, next as KubeObject);
    if (causes.length) throw invalid(t.kind, t.group, name, causes);
    next = applyDefaults(t.kind, next as KubeObject, {
      randomSuffix: () => ctx.rng.suffix(5),
      clusterIp: () => old.spec?.clusterIP ?? clusterIp(ctx),
    }) as Json;
    if (t.kind === 'Pod')
      next.spec = old.spec.nodeName
        ? { ...next.spec, nodeName: old.spec.nodeName }
        : next.spec;
    if (old.metadata.generation !== undefined)
      next.metadata.generation =
        old.metadata.generation +
        (JSON.stringify(next.spec) !== JSON.stringify(old.spec) ? 1 : 0);
  }
  delete next.metadata.resourceVersion;
  delete next.metadata.managedFields;
  const warnings = opts.sub
    ? []
    : podSecurityAdmission(ctx, t, next as KubeObject);
  if (opts.dryRun)
    return {
      obj: { ...next, metadata: { ...next.metadata } } as KubeObject,
      warnings,
    };
  return { obj: ctx.store.put(t.storage, next as KubeObject), warnings };
}

/** Deletes an object and, like the garbage collector, everything it owns. */
export function deleteObject(
  ctx: ApiContext,
  t: ResourceType,
  ns: string | undefined,
  name: string,
  dryRun = false,
): KubeObject {
  const existing = ctx.store.get(
    t.storage,
    t.namespaced ? ns : undefined,
    name,
  );
  if (!existing) throw notFound(t.plural, name, t.group);
  if (dryRun) return existing;
  if (t.storage === '/namespaces') return terminateNamespace(ctx, existing);
  const gone = ctx.store.delete(t.storage, t.namespaced ? ns : undefined, name);
  if (!gone) throw notFound(t.plural, name, t.group);
  collectGarbage(ctx, gone);
  return gone;
}

const allNamespacedStorages = () => [
  ...new Set(resourceTypes.filter(r => r.namespaced).map(r => r.storage)),
];

/** Namespaces terminate asynchronously: Terminating first, contents and namespace gone shortly after. */
function terminateNamespace(ctx: ApiContext, ns: KubeObject): KubeObject {
  if (ns.metadata.deletionTimestamp) return ns;
  const terminating = ctx.store.put('/namespaces', {
    ...ns,
    metadata: { ...ns.metadata, deletionTimestamp: rfc3339(ctx.now()) },
    status: { phase: 'Terminating' },
  } as KubeObject);
  setTimeout(() => {
    const name = ns.metadata.name ?? '';
    for (const s of allNamespacedStorages())
      for (const o of ctx.store.list(s, name))
        ctx.store.delete(s, o.metadata.namespace, o.metadata.name ?? '');
    ctx.store.delete('/namespaces', undefined, name);
  }, 1000).unref();
  return terminating;
}

// Deployments can be owned too: kagent's Agent owns the Deployment it makes
const ownedStorages = [
  'apps/deployments',
  'apps/replicasets',
  '/pods',
  'autoscaling/horizontalpodautoscalers',
];

function collectGarbage(ctx: ApiContext, gone: KubeObject) {
  for (const s of ownedStorages) {
    for (const o of ctx.store.list(s, gone.metadata.namespace)) {
      if (o.metadata.ownerReferences?.some(r => r.uid === gone.metadata.uid))
        deleteObject(
          ctx,
          typeOf(s),
          o.metadata.namespace,
          o.metadata.name ?? '',
        );
    }
  }
}

export { StatusError };
