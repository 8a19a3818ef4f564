type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const isObj = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Json = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// Merge keys of the lists that strategic merge patch merges element-wise.
const mergeKeys: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  conditions: 'type',
  tolerations: 'key',
  imagePullSecrets: 'name',
};

/**
 * Strategic merge patch for the lists that matter here (containers, env,
 * conditions...): elements are merged by their merge key; other lists are replaced.
 */
export function strategicMergePatch(
  target: unknown,
  patch: unknown,
  field = '',
): unknown {
  if (Array.isArray(patch)) {
    const key = mergeKeys[field];
    if (!key || !Array.isArray(target) || !patch.every(isObj))
      return patch.filter(e => !(isObj(e) && e.$patch));
    const out: Json[] = target.map(e => e);
    for (const p of patch as Json[]) {
      const idx = out.findIndex(e => isObj(e) && e[key] === p[key]);
      if (p.$patch === 'delete') {
        if (idx >= 0) out.splice(idx, 1);
      } else if (idx >= 0) out[idx] = strategicMergePatch(out[idx], p) as Json;
      else out.push(strategicMergePatch(undefined, p) as Json);
    }
    return out;
  }
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch;
    return rest;
  }
  const out: Json = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (
      k.startsWith('$setElementOrder/') ||
      k === '$retainKeys' ||
      k === '$patch'
    )
      continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f]) && Array.isArray(v))
        out[f] = out[f].filter((x: unknown) => !v.includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v, k);
  }
  return out;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** RFC 6902 JSON patch (add, remove, replace, test, copy, move). */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new Error('json patch must be an array');
  let root = structuredClone(doc);
  const resolve = (path: string): [Json | unknown[], string] => {
    const parts = path.split('/').slice(1).map(unescape);
    let cur: any = root; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const p of parts.slice(0, -1)) {
      if (cur === null || typeof cur !== 'object')
        throw new Error(`path ${path} not found`);
      cur = cur[p];
    }
    if (cur === null || typeof cur !== 'object')
      throw new Error(`path ${path} not found`);
    return [cur, parts[parts.length - 1]];
  };
  const get = (path: string) => {
    const [parent, last] = resolve(path);
    return (parent as Json)[last];
  };
  const set = (path: string, value: unknown, insert: boolean) => {
    if (path === '') {
      root = value;
      return;
    }
    const [parent, last] = resolve(path);
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (insert) parent.splice(i, 0, value);
      else parent[i] = value;
    } else (parent as Json)[last] = value;
  };
  const remove = (path: string) => {
    const [parent, last] = resolve(path);
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else if (last in parent) delete (parent as Json)[last];
    else throw new Error(`unable to remove nonexistent key: ${last}`);
  };
  for (const op of ops as Json[]) {
    if (op.op === 'add') set(op.path, op.value, true);
    else if (op.op === 'replace') set(op.path, op.value, false);
    else if (op.op === 'remove') remove(op.path);
    else if (op.op === 'copy')
      set(op.path, structuredClone(get(op.from)), true);
    else if (op.op === 'move') {
      const v = get(op.from);
      remove(op.from);
      set(op.path, v, true);
    } else if (op.op === 'test') {
      if (JSON.stringify(get(op.path)) !== JSON.stringify(op.value))
        throw new Error(`testing value ${op.path} failed`);
    } else throw new Error(`Unexpected kind: ${op.op}`);
  }
  return root;
}
