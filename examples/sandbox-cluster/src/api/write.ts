import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../types';
import type { ApiContext } from './context';
import { asObject, decodeBody, readBody } from './body';
import { fromEventsV1 } from './eventsView';
import { viewOf } from './list';
import { createObject, deleteObject, updateObject } from './objects';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';
import { warningHeader } from './podSecurity';
import { apiVersionOf, type ResourceType } from './resources';
import { badRequest, notFound, sendJson } from './status';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Single object out: kind and apiVersion first, as the server orders them. */
export const single = (t: ResourceType, o: KubeObject) => ({
  kind: t.kind,
  apiVersion: apiVersionOf(t),
  ...viewOf(t)(o),
});

const inbound = (t: ResourceType, o: Json): KubeObject => {
  const obj = { ...o, metadata: o.metadata ?? {} };
  return (
    t.group === 'events.k8s.io' ? fromEventsV1(obj as KubeObject) : obj
  ) as KubeObject;
};

function send(
  res: ServerResponse,
  code: number,
  t: ResourceType,
  obj: KubeObject,
  warnings: string[],
) {
  sendJson(
    res,
    code,
    single(t, obj),
    warnings.length ? { warning: warnings.map(warningHeader).join(', ') } : {},
  );
}

function scaleOf(o: Json) {
  const sel = Object.entries(o.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const { name, namespace, uid, resourceVersion, creationTimestamp } =
    o.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, selector: sel },
  };
}

function applyPatch(contentType: string, current: Json, patch: unknown): Json {
  const ct = contentType.split(';')[0].trim();
  try {
    if (ct === 'application/json-patch+json')
      return jsonPatch(current, patch) as Json;
    if (ct === 'application/strategic-merge-patch+json')
      return strategicMergePatch(current, patch) as Json;
    return mergePatch(current, patch) as Json;
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

/** POST, PUT, PATCH and DELETE on a resource or its status/scale subresource. */
export async function handleWrite(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  t: ResourceType,
  ns: string | undefined,
  name: string | undefined,
  sub: string | undefined,
  q: URLSearchParams,
) {
  const dryRun = q.get('dryRun') === 'All';
  const method = req.method ?? 'GET';
  if (method === 'DELETE') {
    if (!name)
      throw badRequest('deletecollection is not supported by the sandbox');
    const gone = deleteObject(ctx, t, ns, name, dryRun);
    if (t.kind === 'Pod' || t.kind === 'Namespace')
      return send(res, 200, t, gone, []);
    return sendJson(res, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name,
        ...(t.group ? { group: t.group } : {}),
        kind: t.plural,
        uid: gone.metadata.uid,
      },
    });
  }
  const contentType = req.headers['content-type'] ?? 'application/json';
  const body = decodeBody(await readBody(req), contentType);
  if (method === 'POST') {
    if (name)
      throw badRequest(
        `the server does not allow this method on the requested resource`,
      );
    const { obj, warnings } = createObject(
      ctx,
      t,
      inbound(t, asObject(body)),
      ns,
      dryRun,
    );
    return send(res, 201, t, obj, warnings);
  }
  if (!name) throw badRequest('a resource name is required');
  const current = ctx.store.get(t.storage, t.namespaced ? ns : undefined, name);
  const isApply = contentType.startsWith('application/apply-patch');
  if (!current && method === 'PATCH' && isApply) {
    if (!q.get('fieldManager'))
      throw badRequest(
        'PATCH, application/apply-patch+yaml: fieldManager is required for apply requests',
      );
    const o = asObject(body);
    const { obj, warnings } = createObject(
      ctx,
      t,
      inbound(t, { ...o, metadata: { ...(o.metadata as Json), name } }),
      ns,
      dryRun,
    );
    return send(res, 201, t, obj, warnings);
  }
  if (!current) throw notFound(t.plural, name, t.group);
  const view = viewOf(t)(current) as Json;
  if (sub === 'scale') {
    const scale = scaleOf(current);
    const next =
      method === 'PUT' ? asObject(body) : applyPatch(contentType, scale, body);
    const replicas = (next as Json).spec?.replicas;
    const { obj } = updateObject(
      ctx,
      t,
      {
        ...current,
        spec: { ...(current as Json).spec, replicas },
      } as KubeObject,
      ns,
      name,
      { dryRun },
    );
    return sendJson(res, 200, scaleOf(obj));
  }
  let next: Json;
  if (method === 'PUT') next = asObject(body);
  else if (isApply) next = strategicMergePatch(view, asObject(body)) as Json;
  else next = applyPatch(contentType, view, body);
  if (method === 'PATCH' && next.metadata)
    next.metadata = {
      ...next.metadata,
      resourceVersion: (body as Json)?.metadata?.resourceVersion,
    };
  const { obj, warnings } = updateObject(
    ctx,
    t,
    inbound(t, asObject(next)),
    ns,
    name,
    { dryRun, sub: sub === 'status' ? 'status' : undefined },
  );
  return send(res, 200, t, obj, warnings);
}
