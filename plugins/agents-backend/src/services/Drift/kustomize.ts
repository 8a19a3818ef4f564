import { parse, parseAllDocuments } from 'yaml';
import type { Json } from '../ClusterCache/json';

/** A Kubernetes object as plain JSON. */
export type KubeObject = {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** Reads one file of the repository by URL: its text. */
export type ReadText = (url: string) => Promise<string>;

/**
 * The overlay uses something the subset below does not build: the answer
 * says so instead of guessing.
 */
export class UnsupportedKustomizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedKustomizationError';
  }
}

/** The overlay could be read but not built (a patch that does not apply, bad YAML). */
export class KustomizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KustomizationError';
  }
}

const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'patches',
]);
const LABEL_FIELDS = new Set(['pairs', 'includeSelectors', 'includeTemplates']);
const PATCH_FIELDS = new Set(['target', 'patch']);
const TARGET_FIELDS = new Set(['kind', 'name']);
const OPS = new Set(['add', 'replace', 'remove']);

/** Kinds without a namespace: the namespace transformer treats them specially, so they are refused. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
]);

/** Where kustomize's labels transformer puts pod template labels (`includeTemplates`). */
const TEMPLATE_LABEL_PATHS: Record<string, string[][]> = {
  Deployment: [['spec', 'template', 'metadata', 'labels']],
  ReplicaSet: [['spec', 'template', 'metadata', 'labels']],
  ReplicationController: [['spec', 'template', 'metadata', 'labels']],
  DaemonSet: [['spec', 'template', 'metadata', 'labels']],
  StatefulSet: [['spec', 'template', 'metadata', 'labels']],
  Job: [['spec', 'template', 'metadata', 'labels']],
  CronJob: [
    ['spec', 'jobTemplate', 'metadata', 'labels'],
    ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
  ],
};

const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

interface BuildContext {
  read: ReadText;
  /** The repository's root URL, ending in `/`: nothing outside it is read. */
  root: string;
}

const relPath = (ctx: BuildContext, url: string) =>
  url.startsWith(ctx.root) ? url.slice(ctx.root.length) : url;

function unsupported(
  ctx: BuildContext,
  field: string,
  url: string,
): UnsupportedKustomizationError {
  return new UnsupportedKustomizationError(
    `drift not computed: ${field} in ${relPath(ctx, url)} is not supported`,
  );
}

/**
 * Builds the kustomization in `dir` (a URL ending in `/`) the way `kubectl
 * kustomize` does, for exactly what `agentdeck:manifests:render` writes:
 * `resources` (files, and directories holding a kustomization.yaml),
 * `namespace`, `labels` (with `includeTemplates`, without
 * `includeSelectors`) and `patches` targeting a kind and name with inline
 * JSON 6902 add/replace/remove operations. Anything else throws
 * {@link UnsupportedKustomizationError}.
 */
export async function buildKustomization(
  dir: string,
  read: ReadText,
  root: string,
): Promise<KubeObject[]> {
  return build({ read, root }, dir, 0);
}

async function build(
  ctx: BuildContext,
  dir: string,
  depth: number,
): Promise<KubeObject[]> {
  const url = `${dir}kustomization.yaml`;
  if (depth > 8) throw unsupported(ctx, 'resources nested this deep', url);
  let doc: unknown;
  try {
    doc = parse(await ctx.read(url));
  } catch (e) {
    if (e instanceof Error && e.name === 'YAMLParseError')
      throw new KustomizationError(
        `${relPath(ctx, url)} is not valid YAML: ${e.message}`,
      );
    throw e;
  }
  if (!isObject(doc))
    throw new KustomizationError(`${relPath(ctx, url)} is not a kustomization`);
  for (const field of Object.keys(doc)) {
    if (!KUSTOMIZATION_FIELDS.has(field)) throw unsupported(ctx, field, url);
  }
  if (doc.kind !== undefined && doc.kind !== 'Kustomization')
    throw unsupported(ctx, `kind ${String(doc.kind)}`, url);

  const objects: KubeObject[] = [];
  for (const resource of list(doc.resources, ctx, 'resources', url)) {
    if (
      typeof resource !== 'string' ||
      resource.startsWith('/') ||
      /[?:]/.test(resource)
    )
      throw unsupported(ctx, `resources entry ${String(resource)}`, url);
    const file = /\.(ya?ml|json)$/.test(resource);
    const target = new URL(file ? resource : `${resource}/`, dir).toString();
    if (!target.startsWith(ctx.root))
      throw unsupported(
        ctx,
        `resources entry ${resource} (outside the repository)`,
        url,
      );
    if (file)
      objects.push(...parseObjects(ctx, await ctx.read(target), target));
    else objects.push(...(await build(ctx, target, depth + 1)));
  }

  // kustomize's order of built-in transformers: patches, namespace, labels
  for (const [i, patch] of list(doc.patches, ctx, 'patches', url).entries()) {
    applyPatch(ctx, objects, patch, `patches[${i}]`, url);
  }
  if (doc.namespace !== undefined) {
    if (typeof doc.namespace !== 'string')
      throw unsupported(ctx, 'namespace that is not a string', url);
    setNamespace(ctx, objects, doc.namespace, url);
  }
  for (const [i, label] of list(doc.labels, ctx, 'labels', url).entries()) {
    applyLabels(ctx, objects, label, `labels[${i}]`, url);
  }
  return objects;
}

function list(
  value: unknown,
  ctx: BuildContext,
  field: string,
  url: string,
): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw unsupported(ctx, `${field} that is not a list`, url);
  return value;
}

function parseObjects(
  ctx: BuildContext,
  text: string,
  url: string,
): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length)
      throw new KustomizationError(
        `${relPath(ctx, url)} is not valid YAML: ${doc.errors[0].message}`,
      );
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (
      !isObject(value) ||
      typeof value.kind !== 'string' ||
      !isObject(value.metadata) ||
      typeof value.metadata.name !== 'string'
    )
      throw new KustomizationError(
        `${relPath(ctx, url)} holds something that is not a Kubernetes object`,
      );
    if (value.kind === 'List' || value.kind.endsWith('List'))
      throw unsupported(ctx, `kind ${value.kind}`, url);
    out.push(value as KubeObject);
  }
  return out;
}

function applyPatch(
  ctx: BuildContext,
  objects: KubeObject[],
  entry: unknown,
  field: string,
  url: string,
) {
  if (!isObject(entry)) throw unsupported(ctx, field, url);
  for (const key of Object.keys(entry)) {
    if (!PATCH_FIELDS.has(key)) throw unsupported(ctx, `${field}.${key}`, url);
  }
  const target = entry.target;
  if (!isObject(target) || typeof entry.patch !== 'string')
    throw unsupported(ctx, `${field} without an inline patch and target`, url);
  for (const key of Object.keys(target)) {
    if (!TARGET_FIELDS.has(key))
      throw unsupported(ctx, `${field}.target.${key}`, url);
  }
  const { kind, name } = target;
  if (
    (kind !== undefined && typeof kind !== 'string') ||
    (name !== undefined && typeof name !== 'string')
  )
    throw unsupported(ctx, `${field}.target`, url);
  let ops: unknown;
  try {
    ops = parse(entry.patch);
  } catch {
    throw new KustomizationError(
      `${field} in ${relPath(ctx, url)} is not valid YAML`,
    );
  }
  // a mapping would be a strategic merge patch
  if (!Array.isArray(ops))
    throw unsupported(ctx, `${field} (a strategic merge patch)`, url);
  for (const op of ops) {
    if (!isObject(op) || typeof op.op !== 'string' || !OPS.has(op.op))
      throw unsupported(
        ctx,
        `${field} operation ${isObject(op) ? String(op.op) : '?'}`,
        url,
      );
    if (typeof op.path !== 'string')
      throw unsupported(ctx, `${field} operation without a path`, url);
  }
  // kustomize reads target names (and kinds) as anchored regular expressions
  const matches = (pattern: string | undefined, value: string) => {
    if (pattern === undefined) return true;
    try {
      return new RegExp(`^(?:${pattern})$`).test(value);
    } catch {
      return false;
    }
  };
  for (const obj of objects) {
    if (!matches(kind, obj.kind) || !matches(name, obj.metadata.name)) continue;
    for (const op of ops as Array<{
      op: string;
      path: string;
      value?: unknown;
    }>) {
      try {
        applyOp(obj, op);
      } catch (e) {
        throw new KustomizationError(
          `${field} in ${relPath(ctx, url)} does not apply to ${obj.kind}/${
            obj.metadata.name
          }: ${(e as Error).message}`,
        );
      }
    }
  }
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`bad path ${path}`);
  return path
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One RFC 6902 add, replace or remove. */
function applyOp(obj: Json, op: { op: string; path: string; value?: unknown }) {
  const keys = pointer(op.path);
  if (keys.length === 0) throw new Error(`${op.op} of the whole object`);
  let node: unknown = obj;
  for (const key of keys.slice(0, -1)) {
    if (Array.isArray(node)) node = node[index(key, node.length - 1)];
    else if (isObject(node) && key in node) node = node[key];
    else throw new Error(`${op.path}: no ${key}`);
  }
  const last = keys[keys.length - 1];
  const value = structuredClone(op.value);
  if (Array.isArray(node)) {
    if (op.op === 'add') {
      const at = last === '-' ? node.length : index(last, node.length);
      node.splice(at, 0, value);
    } else {
      const at = index(last, node.length - 1);
      if (op.op === 'replace') node[at] = value;
      else node.splice(at, 1);
    }
    return;
  }
  if (!isObject(node)) throw new Error(`${op.path}: not an object`);
  if (op.op !== 'add' && !(last in node))
    throw new Error(`${op.path}: missing key ${last}`);
  if (op.op === 'remove') delete node[last];
  else node[last] = value;
}

function index(key: string, max: number): number {
  const i = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : NaN;
  if (!(i >= 0 && i <= max)) throw new Error(`index ${key} out of range`);
  return i;
}

function setNamespace(
  ctx: BuildContext,
  objects: KubeObject[],
  namespace: string,
  url: string,
) {
  const accounts = new Map<string, Array<string | undefined>>();
  for (const obj of objects) {
    if (CLUSTER_SCOPED.has(obj.kind))
      throw unsupported(ctx, `namespace with a ${obj.kind}`, url);
    if (obj.kind === 'ServiceAccount') {
      const was = accounts.get(obj.metadata.name) ?? [];
      accounts.set(obj.metadata.name, [...was, obj.metadata.namespace]);
    }
    obj.metadata.namespace = namespace;
  }
  for (const obj of objects) {
    if (obj.kind !== 'RoleBinding') continue;
    const subjects = Array.isArray(obj.subjects) ? obj.subjects : [];
    for (const s of subjects) {
      if (!isObject(s) || s.kind !== 'ServiceAccount') continue;
      const name = String(s.name);
      // "default" always moves; another account when it was one of these resources (kustomize's name references)
      const ns = typeof s.namespace === 'string' ? s.namespace : undefined;
      if (name === 'default' || accounts.get(name)?.includes(ns))
        s.namespace = namespace;
    }
  }
}

function applyLabels(
  ctx: BuildContext,
  objects: KubeObject[],
  entry: unknown,
  field: string,
  url: string,
) {
  if (!isObject(entry)) throw unsupported(ctx, field, url);
  for (const key of Object.keys(entry)) {
    if (!LABEL_FIELDS.has(key)) throw unsupported(ctx, `${field}.${key}`, url);
  }
  if (entry.includeSelectors === true)
    throw unsupported(ctx, `${field}.includeSelectors: true`, url);
  const pairs = entry.pairs ?? {};
  if (!isObject(pairs)) throw unsupported(ctx, `${field}.pairs`, url);
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(pairs)) labels[k] = String(v);
  for (const obj of objects) {
    obj.metadata.labels = { ...obj.metadata.labels, ...labels };
    if (entry.includeTemplates !== true) continue;
    for (const path of TEMPLATE_LABEL_PATHS[obj.kind] ?? []) {
      let node: Json = obj;
      for (const key of path.slice(0, -1)) {
        if (!isObject(node[key])) node[key] = {};
        node = node[key] as Json;
      }
      node.labels = { ...(node.labels as object), ...labels };
    }
  }
}
