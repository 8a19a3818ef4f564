import { K8sObject, meta } from './common';
import type { AgentSpec } from './spec';

const scaleTargetRef = (spec: AgentSpec) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: spec.name,
});

/** HPA on Pods metrics: CPU says nothing about an I/O-bound agent's load. @public */
export function renderHpa(spec: AgentSpec): K8sObject {
  const pods = (name: string, value: number) => ({
    type: 'Pods',
    pods: {
      metric: { name },
      target: { type: 'AverageValue', averageValue: String(value) },
    },
  });
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(spec),
    spec: {
      scaleTargetRef: scaleTargetRef(spec),
      minReplicas: spec.scaling.minReplicas,
      maxReplicas: spec.scaling.maxReplicas,
      metrics: [
        pods('agent_active_requests', spec.scaling.target),
        pods('agent_request_queue_depth', 5),
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
  };
}

function hostOf(address: string): string {
  try {
    return new URL(address).hostname;
  } catch {
    return address.split(':')[0];
  }
}

function trigger(spec: AgentSpec) {
  const queue = spec.queue;
  if (!queue) throw new Error('KEDA scaling needs a queue');
  const target = String(spec.scaling.target);
  if (queue.kind === 'redis') {
    const url = new URL(
      queue.address.includes('://')
        ? queue.address
        : `redis://${queue.address}`,
    );
    return {
      type: 'redis',
      metadata: {
        address: `${url.hostname}:${url.port || '6379'}`,
        listName: queue.name,
        listLength: target,
        activationListLength: '1',
      },
    };
  }
  return {
    type: 'nats-jetstream',
    metadata: {
      natsServerMonitoringEndpoint: `${hostOf(queue.address)}:8222`,
      account: '$G',
      stream: queue.name,
      consumer: queue.consumer ?? spec.name,
      lagThreshold: target,
      activationLagThreshold: '1',
    },
  };
}

/** KEDA ScaledObject on the worker's queue. @public */
export function renderScaledObject(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: meta(spec),
    spec: {
      scaleTargetRef: { name: spec.name },
      minReplicaCount: spec.scaling.minReplicas,
      maxReplicaCount: spec.scaling.maxReplicas,
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: [trigger(spec)],
    },
  };
}

/**
 * Budget for voluntary disruptions given the lowest replica count. minAvailable equal to the
 * replica count would block every node drain, so it stays one below, capped at 2.
 * @public
 */
export function pdbBudget(minReplicas: number): Record<string, number> {
  return minReplicas >= 2
    ? { minAvailable: Math.min(minReplicas - 1, 2) }
    : { maxUnavailable: 1 };
}

/** PodDisruptionBudget; overlays adjust the budget to their replica bounds. @public */
export function renderPdb(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(spec),
    spec: {
      ...pdbBudget(spec.scaling.minReplicas),
      selector: {
        matchLabels: { app: spec.name, 'app.kubernetes.io/name': spec.name },
      },
    },
  };
}
