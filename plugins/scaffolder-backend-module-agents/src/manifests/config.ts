import { K8sObject, dependencyEnv, meta } from './common';
import { RESOURCE_PROFILES } from './profiles';
import type { AgentSpec } from './spec';

/** Non-secret settings only: URLs without credentials, model names, limits. @public */
export function renderConfigMap(spec: AgentSpec): K8sObject {
  const [model] = spec.models;
  const data: Record<string, string> = {
    AGENT_NAME: spec.name,
    AGENT_WORKLOAD: spec.workload,
    AGENT_CHECKS: spec.checks.join(','),
    AGENT_MAX_CONCURRENCY: String(Math.max(spec.scaling.target, 1)),
    AGENT_LONGEST_TASK_SECONDS: String(spec.longestTaskSeconds),
    AGENT_EGRESS_HOSTS: spec.egressHosts.join(','),
    LLM_PROVIDER: model.provider,
    LLM_MODEL: model.name,
    WORKERS_PER_POD: String(RESOURCE_PROFILES[spec.profile].workers),
  };
  for (const [check, url] of Object.entries(spec.dependencies)) {
    data[dependencyEnv(check)] = url;
  }
  if (spec.queue) {
    data.QUEUE_KIND = spec.queue.kind;
    data.QUEUE_ADDRESS = spec.queue.address;
    data.QUEUE_NAME = spec.queue.name;
    if (spec.queue.consumer) data.QUEUE_CONSUMER = spec.queue.consumer;
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(spec, `${spec.name}-config`),
    data,
  };
}

/** ExternalSecret from a ClusterSecretStore; undefined when an existing Secret is used. @public */
export function renderExternalSecret(spec: AgentSpec): K8sObject | undefined {
  if (!('store' in spec.secrets)) return undefined;
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: meta(spec, `${spec.name}-secrets`),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: spec.secrets.store },
      target: { name: `${spec.name}-secrets`, creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: spec.secrets.remoteKey } }],
    },
  };
}

/** ServiceMonitor so Prometheus scrapes /metrics. @public */
export function renderServiceMonitor(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta(spec),
    spec: {
      selector: { matchLabels: { app: spec.name } },
      endpoints: [
        {
          port: 'http',
          path: '/metrics',
          interval: '30s',
          scrapeTimeout: '10s',
        },
      ],
    },
  };
}
