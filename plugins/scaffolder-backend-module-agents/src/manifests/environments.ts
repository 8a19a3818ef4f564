import { pdbBudget } from './autoscaling';
import type { K8sObject } from './common';
import type { AgentSpec } from './spec';

/** What an overlay changes for one environment. @public */
export interface EnvironmentSettings {
  environment: AgentSpec['environments'][number];
  namespace: string;
  minReplicas: number;
  maxReplicas: number;
  ingressHost?: string;
}

/** Bounds shrink outside production; namespaces and hosts get the environment's suffix. @public */
export function environmentSettings(
  spec: AgentSpec,
  environment: EnvironmentSettings['environment'],
): EnvironmentSettings {
  const { minReplicas: min, maxReplicas: max } = spec.scaling;
  const floor = spec.scaling.mode === 'hpa' ? 1 : 0;
  let bounds = { minReplicas: min, maxReplicas: max };
  if (environment === 'staging') {
    const lo = Math.max(Math.min(min, 2), floor);
    bounds = { minReplicas: lo, maxReplicas: Math.max(lo, Math.ceil(max / 2)) };
  } else if (environment === 'dev') {
    const lo = Math.max(Math.min(min, 1), floor);
    bounds = { minReplicas: lo, maxReplicas: Math.max(lo, Math.min(max, 2)) };
  }
  const prod = environment === 'production';
  let ingressHost = spec.ingress?.host;
  if (ingressHost && !prod) {
    const [first, ...rest] = ingressHost.split('.');
    ingressHost = rest.length
      ? [first, environment, ...rest].join('.')
      : `${first}-${environment}`;
  }
  return {
    environment,
    namespace: prod ? spec.namespace : `${spec.namespace}-${environment}`,
    ...bounds,
    ingressHost,
  };
}

/** JSON 6902 patches an overlay applies, keyed by the kind they target. @public */
export function environmentPatches(
  spec: AgentSpec,
  env: EnvironmentSettings,
): Array<{
  kind: string;
  name: string;
  ops: Array<{ op: string; path: string; value: unknown }>;
}> {
  const patches = [];
  if (spec.scaling.mode === 'hpa') {
    patches.push({
      kind: 'HorizontalPodAutoscaler',
      name: spec.name,
      ops: [
        { op: 'replace', path: '/spec/minReplicas', value: env.minReplicas },
        { op: 'replace', path: '/spec/maxReplicas', value: env.maxReplicas },
      ],
    });
  } else if (spec.scaling.mode === 'keda') {
    patches.push({
      kind: 'ScaledObject',
      name: spec.name,
      ops: [
        {
          op: 'replace',
          path: '/spec/minReplicaCount',
          value: env.minReplicas,
        },
        {
          op: 'replace',
          path: '/spec/maxReplicaCount',
          value: env.maxReplicas,
        },
      ],
    });
  } else {
    patches.push({
      kind: 'Deployment',
      name: spec.name,
      ops: [{ op: 'replace', path: '/spec/replicas', value: env.minReplicas }],
    });
  }
  patches.push({
    kind: 'PodDisruptionBudget',
    name: spec.name,
    ops: [
      {
        op: 'replace',
        path: '/spec',
        value: {
          ...pdbBudget(env.minReplicas),
          selector: {
            matchLabels: {
              app: spec.name,
              'app.kubernetes.io/name': spec.name,
            },
          },
        },
      },
    ],
  });
  patches.push({
    kind: 'ConfigMap',
    name: `${spec.name}-config`,
    ops: [
      { op: 'add', path: '/data/AGENT_ENVIRONMENT', value: env.environment },
      // The agent card names the environment's own endpoint, not production's.
      ...(env.ingressHost
        ? [
            {
              op: 'add' as const,
              path: '/data/AGENT_CARD_URL',
              value: `https://${env.ingressHost}/agent/run`,
            },
          ]
        : []),
    ],
  });
  if (env.ingressHost) {
    patches.push({
      kind: 'Ingress',
      name: spec.name,
      ops: [
        { op: 'replace', path: '/spec/rules/0/host', value: env.ingressHost },
      ],
    });
  }
  return patches;
}

const ENV_LABEL = 'agentdeck.io/environment';

/** The base objects as the environment's overlay turns them out, without kustomize. @public */
export function applyEnvironment(
  spec: AgentSpec,
  base: K8sObject[],
  env: EnvironmentSettings,
): K8sObject[] {
  const objects: K8sObject[] = structuredClone(base);
  for (const patch of environmentPatches(spec, env)) {
    const target = objects.find(
      o => o.kind === patch.kind && o.metadata.name === patch.name,
    );
    if (!target) continue;
    for (const { path, value } of patch.ops) {
      const keys = path.split('/').slice(1);
      let node: any = target;
      for (const key of keys.slice(0, -1)) node = node[key];
      node[keys[keys.length - 1]] = structuredClone(value);
    }
  }
  for (const obj of objects) {
    const metadata = obj.metadata as {
      labels?: Record<string, string>;
      namespace?: string;
    };
    metadata.namespace = env.namespace;
    metadata.labels = { ...metadata.labels, [ENV_LABEL]: env.environment };
    const template = (obj.spec as any)?.template;
    if (obj.kind === 'Deployment' && template?.metadata) {
      template.metadata.labels = {
        ...template.metadata.labels,
        [ENV_LABEL]: env.environment,
      };
    }
    if (obj.kind === 'RoleBinding') {
      for (const subject of obj.subjects as Array<Record<string, string>>) {
        if (subject.kind === 'ServiceAccount')
          subject.namespace = env.namespace;
      }
    }
  }
  return objects;
}
