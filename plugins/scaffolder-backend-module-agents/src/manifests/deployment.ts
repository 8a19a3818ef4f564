import {
  AGENT_PORT,
  K8sObject,
  containerSecurityContext,
  meta,
  podSecurityContext,
  secretName,
  selectorLabels,
  workloadLabels,
} from './common';
import { RESOURCE_PROFILES } from './profiles';
import type { AgentSpec } from './spec';

/** Seconds a pod gets after SIGTERM: the longest task plus time to close connections. */
export function gracePeriodSeconds(spec: AgentSpec): number {
  return spec.longestTaskSeconds + 15;
}

function probes(spec: AgentSpec) {
  const profile = RESOURCE_PROFILES[spec.profile];
  const http = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    // Generous so liveness never kills a pod that is still loading models.
    startupProbe: {
      ...http('/healthz'),
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: Math.ceil(profile.startupSeconds / 5),
    },
    livenessProbe: {
      ...http('/healthz'),
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    // Per-check timeouts in the app are at most 5 s, so 6 s leaves room for the answer.
    readinessProbe: {
      ...http('/readyz'),
      periodSeconds: 10,
      timeoutSeconds: 6,
      failureThreshold: 3,
    },
  };
}

function affinity(spec: AgentSpec) {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: selectorLabels(spec) },
          },
        },
      ],
    },
  };
}

/** The agent Deployment. @public */
export function renderDeployment(spec: AgentSpec): K8sObject {
  const profile = RESOURCE_PROFILES[spec.profile];
  const podSpec: Record<string, unknown> = {
    serviceAccountName: spec.name,
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: gracePeriodSeconds(spec),
    securityContext: podSecurityContext(),
    affinity: affinity(spec),
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: selectorLabels(spec) },
      },
    ],
    containers: [
      {
        name: 'agent',
        image: spec.image,
        imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: AGENT_PORT, protocol: 'TCP' }],
        envFrom: [{ configMapRef: { name: `${spec.name}-config` } }],
        env: [
          {
            name: 'LLM_API_KEY',
            valueFrom: {
              secretKeyRef: { name: secretName(spec), key: 'LLM_API_KEY' },
            },
          },
          { name: 'WEB_CONCURRENCY', value: String(profile.workers) },
        ],
        resources: { requests: profile.requests, limits: profile.limits },
        ...probes(spec),
        securityContext: containerSecurityContext(),
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
  };
  if (profile.gpu) {
    podSpec.nodeSelector = { 'nvidia.com/gpu.present': 'true' };
    podSpec.tolerations = [
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ];
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...meta(spec), labels: workloadLabels(spec) },
    spec: {
      // With an autoscaler the replica count belongs to it; applying one would fight it.
      ...(spec.scaling.mode === 'none'
        ? { replicas: spec.scaling.minReplicas }
        : {}),
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(spec) },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: {
          labels: workloadLabels(spec),
          annotations: { 'agentdeck.io/checks': spec.checks.join(',') },
        },
        spec: podSpec,
      },
    },
  };
}
