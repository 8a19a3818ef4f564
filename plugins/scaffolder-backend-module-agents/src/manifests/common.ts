import {
  AGENT_LABEL,
  KUBERNETES_ID_LABEL,
} from '@agentdeck/plugin-agents-common';
import type { AgentSpec } from './spec';

/** A Kubernetes object as plain JSON. @public */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: unknown };
  [key: string]: unknown;
};

/** The port every generated agent listens on. @public */
export const AGENT_PORT = 8000;

/** Labels every workload object and pod template carries. @public */
export function agentLabels(
  spec: Pick<AgentSpec, 'name'>,
): Record<string, string> {
  return {
    app: spec.name,
    'app.kubernetes.io/name': spec.name,
    [KUBERNETES_ID_LABEL]: spec.name,
    'app.kubernetes.io/part-of': 'agentdeck',
  };
}

/**
 * Labels of the Deployment and its pod template: the common ones plus
 * `agentdeck.io/agent`, which tells AgentDeck's discovery "this is an agent"
 * even where no catalog entity claims it. @public
 */
export function workloadLabels(
  spec: Pick<AgentSpec, 'name'>,
): Record<string, string> {
  return { ...agentLabels(spec), [AGENT_LABEL]: spec.name };
}

/** The stable subset used in selectors (selectors are immutable). @public */
export function selectorLabels(
  spec: Pick<AgentSpec, 'name'>,
): Record<string, string> {
  return { app: spec.name, 'app.kubernetes.io/name': spec.name };
}

/** Metadata for an object named after the agent. The namespace comes from the overlay. */
export function meta(
  spec: AgentSpec,
  name = spec.name,
  extra: Record<string, unknown> = {},
) {
  return { name, labels: agentLabels(spec), ...extra };
}

/** Pod-level securityContext for the PSS "restricted" profile. @public */
export function podSecurityContext() {
  return {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    fsGroup: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level securityContext for the PSS "restricted" profile. @public */
export function containerSecurityContext() {
  return {
    runAsNonRoot: true,
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Name of the Secret the pods read (ExternalSecret target or existing). */
export function secretName(spec: AgentSpec): string {
  return 'existingSecret' in spec.secrets
    ? spec.secrets.existingSecret
    : `${spec.name}-secrets`;
}

/** Env var a dependency URL is passed in: database -> DATABASE_URL. */
export function dependencyEnv(check: string): string {
  return check === 'llm_api' ? 'LLM_BASE_URL' : `${check.toUpperCase()}_URL`;
}
