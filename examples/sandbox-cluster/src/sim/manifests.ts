import type { KubeObject } from '../types';
import type { ScenarioAgent } from './scenarioTypes';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const profiles: Record<string, { requests: Json; limits: Json }> = {
  api: {
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '1', memory: '1Gi' },
  },
  worker: {
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '1', memory: '1Gi' },
  },
  embeddings: {
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { cpu: '2', memory: '2Gi' },
  },
  orchestrator: {
    requests: { cpu: '1', memory: '1Gi' },
    limits: { cpu: '4', memory: '4Gi' },
  },
  'local-model': {
    requests: { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' },
    limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' },
  },
};

const keyEnv: Record<string, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

export const agentLabels = (a: ScenarioAgent) => ({
  app: a.name,
  'backstage.io/kubernetes-id': a.name,
  ...(a.labels ?? {}),
});

const meta = (a: ScenarioAgent, name = a.name, extra: Json = {}) => ({
  name,
  namespace: a.namespace,
  labels: agentLabels(a),
  ...extra,
});

/** The Deployment a scenario agent runs as, shaped like the scaffolder's output. */
export function agentDeployment(a: ScenarioAgent): KubeObject {
  const type = a.type ?? 'api';
  const providers = [
    ...new Set(
      (a.models ?? []).map(m => m.split('/')[0]).filter(p => keyEnv[p]),
    ),
  ];
  const startup = a.behaviours?.slowStartSeconds ?? 0;
  const gpu = type === 'local-model';
  const replicas =
    a.scaling?.mode === 'hpa' || a.scaling?.mode === 'keda'
      ? a.scaling.min ?? 1
      : a.replicas ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(a, a.name, {
      annotations: {
        'agentdeck.io/checks': (a.checks ?? ['llm_api']).join(','),
        'agentdeck.io/models': (a.models ?? []).join(','),
        ...(a.annotations ?? {}),
      },
    }),
    spec: {
      replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: a.name } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: { labels: agentLabels(a) },
        spec: {
          serviceAccountName: a.name,
          terminationGracePeriodSeconds: 120,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            fsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          ...(gpu
            ? {
                nodeSelector: { 'nvidia.com/gpu.present': 'true' },
                tolerations: [
                  {
                    key: 'nvidia.com/gpu',
                    operator: 'Exists',
                    effect: 'NoSchedule',
                  },
                ],
              }
            : {}),
          containers: [
            {
              name: 'agent',
              image: a.image ?? `registry.example.com/ai/${a.name}:1.4.2`,
              ports: [{ name: 'http', containerPort: 8000, protocol: 'TCP' }],
              env: [
                { name: 'AGENT_NAME', value: a.name },
                { name: 'AGENT_MODELS', value: (a.models ?? []).join(',') },
                ...providers.map(p => ({
                  name: keyEnv[p],
                  valueFrom: {
                    secretKeyRef: {
                      name: `${a.name}-secrets`,
                      key: `${p}-api-key`,
                    },
                  },
                })),
              ],
              resources: profiles[type] ?? profiles.api,
              startupProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 5,
                failureThreshold: Math.max(12, Math.ceil((startup + 60) / 5)),
              },
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 20,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              readinessProbe: {
                httpGet: { path: '/readyz', port: 'http' },
                periodSeconds: 5,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

/** Supporting objects: Service, ServiceAccount, Secret, PDB, and the HPA or ScaledObject. */
export function agentSupportObjects(a: ScenarioAgent): KubeObject[] {
  const out: KubeObject[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(a) },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(a),
      spec: {
        type: 'ClusterIP',
        selector: { app: a.name },
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        ],
      },
    },
  ];
  const providers = [
    ...new Set(
      (a.models ?? []).map(m => m.split('/')[0]).filter(p => keyEnv[p]),
    ),
  ];
  if (providers.length)
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(a, `${a.name}-secrets`),
      type: 'Opaque',
      data: Object.fromEntries(
        providers.map(p => [
          `${p}-api-key`,
          Buffer.from('not-a-real-key').toString('base64'),
        ]),
      ),
    });
  const s = a.scaling;
  const min = s?.min ?? a.replicas ?? 1;
  if ((a.pdb ?? true) && min >= 2)
    out.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(a),
      spec: {
        minAvailable: min - 1,
        selector: { matchLabels: { app: a.name } },
      },
    });
  if (s?.mode === 'hpa')
    out.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(a),
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: a.name,
        },
        minReplicas: s.min ?? 1,
        maxReplicas: s.max ?? 10,
        metrics: [
          {
            type: 'Pods',
            pods: {
              metric: { name: 'agent_active_requests' },
              target: {
                type: 'AverageValue',
                averageValue: String(s.target ?? 8),
              },
            },
          },
        ],
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 30,
            selectPolicy: 'Max',
            policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }],
          },
          scaleDown: {
            stabilizationWindowSeconds: 300,
            selectPolicy: 'Min',
            policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
          },
        },
      },
    });
  if (s?.mode === 'keda') out.push(scaledObject(a));
  return out;
}

function scaledObject(a: ScenarioAgent): KubeObject {
  const s = a.scaling ?? { mode: 'keda' };
  const target = String(s.target ?? 5);
  const trigger =
    s.trigger === 'nats-jetstream'
      ? {
          type: 'nats-jetstream',
          metadata: {
            natsServerMonitoringEndpoint: `nats.${a.namespace}.svc:8222`,
            account: '$G',
            stream: a.name,
            consumer: `${a.name}-consumer`,
            lagThreshold: target,
            activationLagThreshold: '0',
          },
        }
      : {
          type: 'redis',
          metadata: {
            address: `redis.${a.namespace}.svc:6379`,
            listName: `${a.name}-jobs`,
            listLength: target,
            activationListLength: '1',
          },
        };
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: meta(
      a,
      a.name,
      s.paused ? { annotations: { 'autoscaling.keda.sh/paused': 'true' } } : {},
    ),
    spec: {
      scaleTargetRef: { name: a.name },
      pollingInterval: 15,
      cooldownPeriod: 300,
      minReplicaCount: s.min ?? 1,
      maxReplicaCount: s.max ?? 10,
      fallback: { failureThreshold: 3, replicas: Math.max(s.min ?? 1, 2) },
      triggers: [trigger],
    },
  };
}
