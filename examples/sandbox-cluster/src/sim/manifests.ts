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

/** The label AgentDeck's templates put on an agent's Deployment and pod template: "this is an agent". */
export const AGENT_LABEL = 'agentdeck.io/agent';

const deployedBy = (a: ScenarioAgent) => a.deployedBy ?? 'agentdeck';

/** The port the agent's container listens on: kagent's runtime serves on 8080. */
export const agentPort = (a: ScenarioAgent) =>
  deployedBy(a) === 'kagent' ? 8080 : 8000;

/** Labels on every object of the agent, as whoever deployed it sets them. */
export const agentLabels = (a: ScenarioAgent): Record<string, string> => {
  switch (deployedBy(a)) {
    case 'kagent':
      // kagent's translator: its selector labels, then app.kubernetes.io defaults
      return {
        app: 'kagent',
        kagent: a.name,
        'app.kubernetes.io/managed-by': 'kagent',
        'app.kubernetes.io/part-of': 'kagent',
        'app.kubernetes.io/name': a.name,
        ...(a.labels ?? {}),
      };
    case 'hand':
      return { app: a.name, ...(a.labels ?? {}) };
    default:
      return {
        app: a.name,
        'backstage.io/kubernetes-id': a.name,
        ...(a.labels ?? {}),
      };
  }
};

/** Labels of the Deployment and its pod template. */
const workloadLabels = (a: ScenarioAgent): Record<string, string> =>
  deployedBy(a) === 'agentdeck'
    ? { ...agentLabels(a), [AGENT_LABEL]: a.name }
    : agentLabels(a);

/** The Deployment's (and Service's, PDB's) selector. */
const selectorOf = (a: ScenarioAgent): Record<string, string> =>
  deployedBy(a) === 'kagent'
    ? { app: 'kagent', kagent: a.name }
    : { app: a.name };

const meta = (a: ScenarioAgent, name = a.name, extra: Json = {}) => ({
  name,
  namespace: a.namespace,
  labels: agentLabels(a),
  ...extra,
});

/** The kagent.dev/v1alpha2 Agent a `kagent` scenario agent is declared by (status comes from the simulation). */
export function kagentAgent(a: ScenarioAgent): KubeObject {
  return {
    apiVersion: 'kagent.dev/v1alpha2',
    kind: 'Agent',
    metadata: {
      name: a.name,
      namespace: a.namespace,
      ...(a.labels ? { labels: a.labels } : {}),
      ...(a.annotations ? { annotations: a.annotations } : {}),
    },
    spec: {
      type: 'Declarative',
      description: `${a.name}, declared with kagent`,
      declarative: {
        modelConfig: 'default-model-config',
        systemMessage: 'You are a helpful Kubernetes assistant.',
        deployment: {
          replicas: a.replicas ?? 1,
          // pod template annotations: where the pods' token counters are scraped
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(agentPort(a)),
            'prometheus.io/path': '/metrics',
          },
        },
      },
    },
  };
}

/** The Deployment kagent's controller creates for an Agent, owned by it. */
function kagentDeployment(
  a: ScenarioAgent,
  owner?: { uid: string },
): KubeObject {
  const labels = workloadLabels(a);
  const port = agentPort(a);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: a.name,
      namespace: a.namespace,
      labels,
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'kagent.dev/v1alpha2',
                kind: 'Agent',
                name: a.name,
                uid: owner.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      replicas: a.replicas ?? 1,
      selector: { matchLabels: selectorOf(a) },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: {
          labels,
          annotations: {
            'kagent.dev/config-hash': '1311894062937264531',
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(port),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          serviceAccountName: a.name,
          containers: [
            {
              name: 'kagent',
              image: a.image ?? 'cr.kagent.dev/kagent-dev/kagent/app:0.10.0',
              args: [
                '--host',
                '0.0.0.0',
                '--port',
                String(port),
                '--filepath',
                '/config',
              ],
              ports: [{ name: 'http', containerPort: port }],
              env: [
                {
                  name: 'OPENAI_API_KEY',
                  valueFrom: {
                    secretKeyRef: {
                      name: 'kagent-openai',
                      key: 'OPENAI_API_KEY',
                    },
                  },
                },
              ],
              resources: {
                requests: { cpu: '100m', memory: '384Mi' },
                limits: { cpu: '2', memory: '1Gi' },
              },
              readinessProbe: {
                httpGet: { path: '/.well-known/agent-card.json', port: 'http' },
                initialDelaySeconds: 15,
                timeoutSeconds: 15,
                periodSeconds: 15,
              },
              volumeMounts: [{ name: 'config', mountPath: '/config' }],
            },
          ],
          volumes: [{ name: 'config', secret: { secretName: a.name } }],
        },
      },
    },
  };
}

/**
 * The Deployment a scenario agent runs as: shaped like the scaffolder's output,
 * like kagent's (owned by its Agent, `owner`), or a plain hand-written one.
 */
export function agentDeployment(
  a: ScenarioAgent,
  owner?: { uid: string },
): KubeObject {
  if (deployedBy(a) === 'kagent') return kagentDeployment(a, owner);
  const type = a.type ?? 'api';
  const providers = [
    ...new Set(
      (a.models ?? []).map(m => m.split('/')[0]).filter(p => keyEnv[p]),
    ),
  ];
  const startup = a.behaviours?.slowStartSeconds ?? 0;
  const gpu = type === 'local-model';
  // a hand-written Deployment has none of AgentDeck's annotations
  const agentdeckAnnotations =
    deployedBy(a) === 'hand'
      ? undefined
      : {
          'agentdeck.io/checks': (a.checks ?? ['llm_api']).join(','),
          'agentdeck.io/models': (a.models ?? []).join(','),
        };
  const annotations = { ...agentdeckAnnotations, ...(a.annotations ?? {}) };
  const replicas =
    a.scaling?.mode === 'hpa' || a.scaling?.mode === 'keda'
      ? a.scaling.min ?? 1
      : a.replicas ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...meta(a, a.name),
      labels: workloadLabels(a),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(a) },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: { labels: workloadLabels(a) },
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
        selector: selectorOf(a),
        ports:
          deployedBy(a) === 'kagent'
            ? [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }]
            : [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      },
    },
  ];
  if (deployedBy(a) === 'kagent') {
    // kagent renders the agent's config into a Secret named after it
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(a),
      type: 'Opaque',
      data: {
        'config.json': Buffer.from('{"name":"not-a-real-config"}').toString(
          'base64',
        ),
      },
    });
    return out;
  }
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
        selector: { matchLabels: selectorOf(a) },
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
