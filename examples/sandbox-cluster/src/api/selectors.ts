import type { KubeObject } from '../types';

type Requirement = {
  key: string;
  op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists';
  values: string[];
};

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map(x => x.trim()).filter(Boolean);
}

/** Parses a label selector; throws on syntax errors (the caller answers 400). */
export function parseLabelSelector(s: string): Requirement[] {
  return splitTop(s).map(part => {
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m)
      return {
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      };
    m = /^(\S+?)\s*(!=|==|=)\s*(\S*)$/.exec(part);
    if (m)
      return { key: m[1], op: m[2] === '!=' ? 'neq' : 'eq', values: [m[3]] };
    m = /^!(\S+)$/.exec(part);
    if (m) return { key: m[1], op: 'notexists', values: [] };
    if (/^[A-Za-z0-9._/-]+$/.test(part))
      return { key: part, op: 'exists', values: [] };
    throw new Error(`unable to parse requirement: ${part}`);
  });
}

export function matchLabels(
  reqs: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return reqs.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'eq':
        return has && l[r.key] === r.values[0];
      case 'neq':
        return !has || l[r.key] !== r.values[0];
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      default:
        return !has;
    }
  });
}

/** Reads a dotted field path such as involvedObject.name or status.phase. */
function fieldValue(obj: KubeObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

const fieldAliases: Record<string, string> = {
  'regarding.name': 'involvedObject.name',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.kind': 'involvedObject.kind',
  'regarding.uid': 'involvedObject.uid',
};

/** Parses a field selector (=, ==, !=) into a predicate. */
export function parseFieldSelector(s: string): (o: KubeObject) => boolean {
  const reqs = splitTop(s).map(part => {
    const m = /^([^=!]+?)\s*(!=|==|=)\s*(.*)$/.exec(part);
    if (!m)
      throw new Error(`invalid selector: '${s}'; can't understand '${part}'`);
    return {
      path: fieldAliases[m[1]] ?? m[1],
      neg: m[2] === '!=',
      value: m[3],
    };
  });
  return o =>
    reqs.every(r => {
      const v = fieldValue(o, r.path) ?? '';
      return r.neg ? v !== r.value : v === r.value;
    });
}

/** Builds the object filter for a list or watch request. */
export function buildFilter(q: URLSearchParams): (o: KubeObject) => boolean {
  const ls = q.get('labelSelector');
  const fs = q.get('fieldSelector');
  const reqs = ls ? parseLabelSelector(ls) : [];
  const f = fs ? parseFieldSelector(fs) : () => true;
  return o => matchLabels(reqs, o.metadata.labels) && f(o);
}

/** Selector from a Deployment/ReplicaSet spec.selector.matchLabels. */
export function matchSelector(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const m = selector?.matchLabels ?? {};
  return Object.entries(m).every(([k, v]) => labels?.[k] === v);
}
