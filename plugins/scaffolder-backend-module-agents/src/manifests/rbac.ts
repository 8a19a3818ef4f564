import { K8sObject, meta } from './common';
import type { AgentSpec } from './spec';

/** Per-agent ServiceAccount; the pod mounts no token because the agent needs none. @public */
export function renderServiceAccount(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(spec),
    automountServiceAccountToken: false,
  };
}

/** Role limited to reading the agent's own ConfigMap. @public */
export function renderRole(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta(spec),
    rules: [
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: [`${spec.name}-config`],
        verbs: ['get', 'watch'],
      },
    ],
  };
}

/** Binds the Role to the agent's ServiceAccount. @public */
export function renderRoleBinding(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta(spec),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: spec.name,
    },
    subjects: [{ kind: 'ServiceAccount', name: spec.name }],
  };
}
