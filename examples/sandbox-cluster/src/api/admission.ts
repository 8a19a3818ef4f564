import type { KubeObject } from '../types';
import type { ApiContext } from './context';
import type { ResourceType } from './resources';
import { podSpecOf, restrictedViolations } from './podSecurity';
import { status, StatusError } from './status';

/**
 * PodSecurity admission for namespaces labelled enforce/warn=restricted:
 * a violating Pod is rejected (403), a violating workload gets a warning.
 */
export function podSecurityAdmission(
  ctx: ApiContext,
  t: ResourceType,
  obj: KubeObject,
): string[] {
  const ns = obj.metadata.namespace
    ? ctx.store.get('/namespaces', undefined, obj.metadata.namespace)
    : undefined;
  const labels = ns?.metadata.labels ?? {};
  const enforce = labels['pod-security.kubernetes.io/enforce'] === 'restricted';
  const warn = labels['pod-security.kubernetes.io/warn'] === 'restricted';
  if (!enforce && !warn) return [];
  const spec = podSpecOf(t.kind, obj as Record<string, unknown>);
  if (!spec) return [];
  const v = restrictedViolations(spec);
  if (!v.length) return [];
  const text = `"restricted:latest": ${v.join(', ')}`;
  if (t.kind === 'Pod' && enforce) {
    const name = obj.metadata.name ?? '';
    throw new StatusError(
      status(
        403,
        'Forbidden',
        `pods "${name}" is forbidden: violates PodSecurity ${text}`,
        { name, kind: 'pods' },
      ),
    );
  }
  return [`would violate PodSecurity ${text}`];
}
