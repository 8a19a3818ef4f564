import { Entity } from '@backstage/catalog-model';
import { KUBERNETES_ID_LABEL } from '@agentdeck/plugin-agents-common';

/** Annotations and labels the Kubernetes plugin uses to find an entity's workloads. */
export const KUBERNETES_ID = KUBERNETES_ID_LABEL;
export const KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

type Requirement = {
  key: string;
  op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists';
  values: string[];
};

/** How an entity's workloads are found, and a matcher for cached objects. */
export interface WorkloadSelector {
  labelSelector: string;
  namespace?: string;
  /** The backstage.io/kubernetes-id value every match must carry, when the selector pins one. */
  kubernetesId?: string;
  matches(obj: { namespace: string; labels: Record<string, string> }): boolean;
}

function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map(p => p.trim()).filter(Boolean);
}

/** Parses a Kubernetes label selector (equality and set-based); unparsable parts match nothing. */
export function parseLabelSelector(selector: string): Requirement[] {
  return splitTop(selector).map(part => {
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m)
      return {
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3].split(',').map(v => v.trim()),
      };
    m = /^([^=!\s]+)\s*(!=|==|=)\s*(\S*)$/.exec(part);
    if (m)
      return { key: m[1], op: m[2] === '!=' ? 'neq' : 'eq', values: [m[3]] };
    m = /^!\s*(\S+)$/.exec(part);
    if (m) return { key: m[1], op: 'notexists', values: [] };
    if (/^[\w./-]+$/.test(part)) return { key: part, op: 'exists', values: [] };
    return { key: '', op: 'in', values: [] };
  });
}

function matchAll(reqs: Requirement[], l: Record<string, string>): boolean {
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

/** Whether a label selector is well formed (every requirement parses). */
export function isValidLabelSelector(selector: string): boolean {
  const reqs = parseLabelSelector(selector);
  return reqs.length > 0 && reqs.every(r => r.key !== '');
}

/** A matcher of label sets for a label selector (unparsable parts match nothing). */
export function labelMatcher(
  selector: string,
): (labels: Record<string, string>) => boolean {
  const reqs = parseLabelSelector(selector);
  return labels => matchAll(reqs, labels);
}

/**
 * The Kubernetes plugin's rule: `backstage.io/kubernetes-label-selector` if set, else
 * `backstage.io/kubernetes-id=<annotation or entity name>`; `backstage.io/kubernetes-namespace` restricts.
 */
export function selectorFor(entity: Entity): WorkloadSelector {
  const annotations = entity.metadata.annotations ?? {};
  const labelSelector =
    annotations[KUBERNETES_LABEL_SELECTOR]?.trim() ||
    `${KUBERNETES_ID}=${
      annotations[KUBERNETES_ID]?.trim() || entity.metadata.name
    }`;
  const namespace = annotations[KUBERNETES_NAMESPACE]?.trim() || undefined;
  const reqs = parseLabelSelector(labelSelector);
  const pinned = reqs.find(r => r.key === KUBERNETES_ID && r.op === 'eq');
  // Any catalog user can register an entity: a selector that pins no label value (`!x`,
  // `x notin (y)`, `x`) would pull every team's pods and spend onto one page.
  const narrow = reqs.some(
    r =>
      (r.op === 'eq' && r.values[0] !== '') ||
      (r.op === 'in' && r.values.length > 0),
  );
  return {
    labelSelector,
    namespace,
    ...(pinned ? { kubernetesId: pinned.values[0] } : {}),
    matches: o =>
      narrow &&
      (!namespace || o.namespace === namespace) &&
      matchAll(reqs, o.labels),
  };
}
