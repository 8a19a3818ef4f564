import { K8sObject, meta } from './common';
import { RESOURCE_PROFILES } from './profiles';
import type { AgentSpec } from './spec';

const scale = (quantity: string, factor: number): string => {
  const match = /^(\d+)(m|Mi|Gi)?$/.exec(quantity);
  if (!match) return quantity;
  return `${Number(match[1]) * factor}${match[2] ?? ''}`;
};

/**
 * Namespace quota sized for this agent at max replicas plus one surge pod and headroom. Only
 * for a namespace of the agent's own (`namespacePolicy`): in a shared namespace the smallest
 * quota would govern every agent's pods.
 * @public
 */
export function renderResourceQuota(spec: AgentSpec): K8sObject {
  const profile = RESOURCE_PROFILES[spec.profile];
  const pods = (spec.scaling.maxReplicas + 1) * 2;
  const hard: Record<string, string> = { pods: String(pods + 10) };
  for (const [key, value] of Object.entries(profile.requests)) {
    hard[
      key === 'nvidia.com/gpu' ? 'requests.nvidia.com/gpu' : `requests.${key}`
    ] = scale(value, pods);
  }
  for (const [key, value] of Object.entries(profile.limits)) {
    if (key !== 'nvidia.com/gpu') hard[`limits.${key}`] = scale(value, pods);
  }
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(spec, `${spec.name}-quota`),
    spec: { hard },
  };
}

/** Defaults for containers that declare no resources of their own. @public */
export function renderLimitRange(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta(spec, `${spec.name}-limits`),
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          default: { cpu: '500m', memory: '512Mi' },
        },
      ],
    },
  };
}
