import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AgentStatusResponse,
  AutoscalerStatus,
  PodStatus,
  RescaleEvent,
} from '@agentdeck/plugin-agents-common';
import { AgentModel, AgentStatusService } from '../services/types';

export { agentEntity } from '@agentdeck/test-utils';

/** What the fake cache holds for one agent. */
export interface FakeAgentState {
  autoscalers?: AutoscalerStatus[];
  pods?: PodStatus[];
  events?: RescaleEvent[];
  cluster?: string;
}

/** An HPA as the status service reports it. */
export function hpa(
  name: string,
  counts: { current: number; desired: number; min: number; max: number },
  namespace = 'ai-agents',
): AutoscalerStatus {
  return {
    kind: 'HorizontalPodAutoscaler',
    name,
    namespace,
    target: { kind: 'Deployment', name },
    minReplicas: counts.min,
    maxReplicas: counts.max,
    currentReplicas: counts.current,
    desiredReplicas: counts.desired,
    metrics: [],
    conditions: [],
    limited: false,
  };
}

/**
 * Stands in for part one's cache-backed status service: the contract in
 * ../types.ts, with state the test sets.
 */
export function createFakeStatus() {
  const states = new Map<string, FakeAgentState>();
  const getModel = (entity: Entity): AgentModel => {
    const ref = stringifyEntityRef(entity);
    const s = states.get(ref) ?? {};
    const pods = s.pods ?? [];
    return {
      entityRef: ref,
      state: 'healthy',
      reasons: [],
      selector: {
        labelSelector: `backstage.io/kubernetes-id=${entity.metadata.name}`,
      },
      clusters: [
        {
          cluster: s.cluster ?? 'sandbox-eu',
          workloads: [],
          pods,
          autoscalers: s.autoscalers ?? [],
        },
      ],
      readyPods: pods.filter(p => p.ready).length,
      desiredReplicas: 0,
    };
  };
  const service: AgentStatusService = {
    getModel,
    async getStatus(entity: Entity): Promise<AgentStatusResponse> {
      const { entityRef, state, reasons, selector, clusters } =
        getModel(entity);
      return {
        entityRef,
        state,
        reasons,
        selector,
        clusters,
        generatedAt: new Date().toISOString(),
      };
    },
    async getRecentEvents(entity: Entity) {
      return states.get(stringifyEntityRef(entity))?.events ?? [];
    },
  };
  return {
    service,
    set(entity: Entity, state: FakeAgentState) {
      states.set(stringifyEntityRef(entity), state);
    },
  };
}
