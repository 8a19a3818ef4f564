import type { KubeObject } from '../types';
import type { InvalidCause } from './status';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const dns1123 =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const nonNegative = (path: string, v: unknown): InvalidCause[] =>
  typeof v === 'number' && v < 0
    ? [
        {
          field: path,
          message: `Invalid value: ${v}: must be greater than or equal to 0`,
        },
      ]
    : [];

/** Field validation the sandbox enforces (a small, honest subset of the real one). */
export function validate(kind: string, obj: KubeObject): InvalidCause[] {
  const o = obj as Json;
  const causes: InvalidCause[] = [];
  const name = o.metadata?.name;
  if (!name)
    causes.push({
      field: 'metadata.name',
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
    });
  else if (kind !== 'Event' && (name.length > 253 || !dns1123.test(name)))
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    });
  const spec: Json = o.spec ?? {};
  if (['Deployment', 'ReplicaSet', 'StatefulSet'].includes(kind)) {
    causes.push(...nonNegative('spec.replicas', spec.replicas));
    if (!spec.template?.spec?.containers?.length)
      causes.push({
        field: 'spec.template.spec.containers',
        reason: 'FieldValueRequired',
        message: 'Required value',
      });
    const sel = spec.selector?.matchLabels ?? {};
    const labels = spec.template?.metadata?.labels ?? {};
    if (!spec.selector)
      causes.push({
        field: 'spec.selector',
        reason: 'FieldValueRequired',
        message: 'Required value',
      });
    else if (Object.entries(sel).some(([k, v]) => labels[k] !== v))
      causes.push({
        field: 'spec.template.metadata.labels',
        message: `Invalid value: ${JSON.stringify(
          labels,
        )}: \`selector\` does not match template \`labels\``,
      });
  }
  if (kind === 'Pod' && !spec.containers?.length)
    causes.push({
      field: 'spec.containers',
      reason: 'FieldValueRequired',
      message: 'Required value',
    });
  if (kind === 'HorizontalPodAutoscaler') {
    if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1)
      causes.push({
        field: 'spec.maxReplicas',
        message: `Invalid value: ${
          spec.maxReplicas ?? 0
        }: must be greater than or equal to 1`,
      });
    if (
      typeof spec.minReplicas === 'number' &&
      spec.minReplicas > spec.maxReplicas
    )
      causes.push({
        field: 'spec.minReplicas',
        message: `Invalid value: ${spec.minReplicas}: must be less than or equal to maxReplicas`,
      });
  }
  return causes;
}
