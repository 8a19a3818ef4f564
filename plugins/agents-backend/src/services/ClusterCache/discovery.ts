import {
  AGENT_LABEL,
  DiscoverySource,
  KUBERNETES_ID_LABEL,
  KubernetesCondition,
} from '@agentdeck/plugin-agents-common';
import { conditions, Json, labels, meta, obj, str } from './json';
import { isSafeProxyPath } from './proxyPath';
import { stripPod } from './stripPod';
import { CachedDeployment, CachedMeta, CachedPod } from './types';

/** What the cache watches to find agents no catalog entity claims (`agents.discovery`). */
export interface DiscoveryWatchSettings {
  /** Workloads matching this label selector are agents too (Deployments and their pods). */
  selector?: string;
  /** Namespace labels and annotations that name an owner, in order; only these are kept. */
  ownerKeys: string[];
}

/** A namespace: its name and only the labels and annotations that may name an owner. */
export interface CachedNamespace extends CachedMeta {
  annotations: Record<string, string>;
}

/** A kagent.dev Agent: its type and conditions, never its spec (prompts, model config). */
export interface CachedKagentAgent extends CachedMeta {
  type?: string;
  conditions: KubernetesCondition[];
}

/** A discovered pod, with where it says its metrics are (`prometheus.io/port`, `prometheus.io/path`). */
export interface DiscoveredPod extends CachedPod {
  metrics?: { port: number; path?: string };
}

/** Workloads a discovery rule finds that carry no kubernetes-id label (those are in the main cache). */
export interface DiscoveredWorkloads {
  source: DiscoverySource;
  pods: DiscoveredPod[];
  deployments: CachedDeployment[];
}

/** The label selectors a workload is an agent by, in the order a source is named. */
export function discoveryRules(
  selector?: string,
): Array<{ source: DiscoverySource; labelSelector: string }> {
  return [
    { source: 'label', labelSelector: AGENT_LABEL },
    // kagent's controller labels an Agent's Deployment and pods app=kagent, kagent=<name>
    { source: 'kagent', labelSelector: 'app=kagent,kagent' },
    ...(selector?.trim()
      ? [{ source: 'selector' as const, labelSelector: selector.trim() }]
      : []),
  ];
}

/** The watch query of a rule: only what the kubernetes-id watches do not hold already. */
export const discoveryQuery = (labelSelector: string) => ({
  labelSelector: `${labelSelector},!${KUBERNETES_ID_LABEL}`,
});

const pick = (values: Record<string, string>, keys: readonly string[]) => {
  const out: Record<string, string> = {};
  for (const k of keys) if (values[k] !== undefined) out[k] = values[k];
  return out;
};

/** Strips a Namespace to the owner keys of its labels and annotations. */
export function stripNamespace(ownerKeys: readonly string[]) {
  return (raw: Json): CachedNamespace => {
    const m = obj(raw.metadata);
    return {
      name: str(m.name) ?? '',
      namespace: '',
      labels: pick(labels(m.labels), ownerKeys),
      annotations: pick(labels(m.annotations), ownerKeys),
    };
  };
}

/** Strips a kagent.dev Agent to its name, labels, type and conditions. */
export function stripKagentAgent(raw: Json): CachedKagentAgent {
  const agent: CachedKagentAgent = {
    ...meta(raw),
    conditions: conditions(obj(raw.status).conditions),
  };
  const type = str(obj(raw.spec).type);
  if (type) agent.type = type;
  return agent;
}

/** A pod as {@link stripPod} keeps it, plus its scrape annotations. */
export function stripDiscoveredPod(raw: Json): DiscoveredPod {
  const pod: DiscoveredPod = stripPod(raw);
  const annotations = labels(obj(raw.metadata).annotations);
  const port = Number(annotations['prometheus.io/port']);
  if (Number.isInteger(port) && port > 0 && port < 65536) {
    // the pod's author writes the path: one that could steer the proxy request is ignored
    const given = annotations['prometheus.io/path'];
    const path = given && (given.startsWith('/') ? given : `/${given}`);
    pod.metrics = {
      port,
      ...(path && isSafeProxyPath(path) ? { path } : {}),
    };
  }
  return pod;
}
