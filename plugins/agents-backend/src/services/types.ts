import { Entity } from '@backstage/catalog-model';
import {
  AgentState,
  AgentStatusResponse,
  ClusterAgentStatus,
  OverviewResponse,
  RescaleEvent,
  ScalingHistoryResponse,
  UsageResponse,
  UsageWindow,
} from '@agentdeck/plugin-agents-common';
import type { BudgetTicket } from './RequestBudget/types';

/**
 * The contract between the parts of the agents backend. Part one (status,
 * served from the watch cache) implements AgentStatusService and PodProxy;
 * part two (history, usage, overview) builds on them.
 */

/** An agent's status as computed from the watch and readiness caches. */
export interface AgentModel {
  entityRef: string;
  state: AgentState;
  reasons: string[];
  /** Where its objects are or may be; `syncedAt` as of when the model was computed. */
  clusters: ClusterAgentStatus[];
  /** Pods ready across clusters, counted as the state is (finished pods aside). */
  readyPods: number;
  /** Replicas its Deployments want across clusters. */
  desiredReplicas: number;
  selector: AgentStatusResponse['selector'];
  noWorkloads?: AgentStatusResponse['noWorkloads'];
}

/** Live status of an agent, answered from the watch cache: no API-server call. */
export interface AgentStatusService {
  /**
   * The agent's model: what the overview, the history collector and the usage
   * sampler read. It is kept per agent and recomputed only when the agent's
   * own objects or readiness change, so reading it for every agent is cheap.
   */
  getModel(entity: Entity): AgentModel;
  /** The REST answer: the model with the clusters' current sync times. */
  getStatus(entity: Entity): Promise<AgentStatusResponse>;
  /**
   * Rescale-related Kubernetes events currently in the cache for the agent's
   * autoscalers and workloads (HPA SuccessfulRescale, deployment-controller
   * ScalingReplicaSet, KEDA events), oldest first. Kubernetes drops events
   * after an hour; the history service keeps them.
   */
  getRecentEvents(entity: Entity): Promise<RescaleEvent[]>;
}

/** Options of one request through the API server's pod proxy. */
export interface PodProxyRequest {
  cluster: string;
  namespace: string;
  pod: string;
  port: number | string;
  path: string;
  timeoutMs: number;
  maxBytes: number;
  /** Where the request waits in its cluster's request budget; the proxy itself ignores it. */
  schedule?: Omit<BudgetTicket, 'cluster'>;
}

/** Answer of a pod-proxy request; the body is text, never interpreted as markup. */
export interface PodProxyResponse {
  status: number;
  body: string;
}

/** GET through `/api/v1/namespaces/:ns/pods/:pod:port/proxy/:path` on a configured cluster. */
export interface PodProxy {
  get(request: PodProxyRequest): Promise<PodProxyResponse>;
}

/** Stored replica samples and rescale events (part two). */
export interface ScalingHistoryService {
  query(entity: Entity, from: Date, to: Date): Promise<ScalingHistoryResponse>;
}

/** LLM token and cost usage (part two). */
export interface UsageService {
  getUsage(entity: Entity, window: UsageWindow): Promise<UsageResponse>;
}

/** Org-wide view over the entities the caller may see (part two). */
export interface OverviewService {
  getOverview(
    entities: Entity[],
    filter: { owner?: string; system?: string },
    options?: {
      usageDenied?: ReadonlySet<string>;
      /** List the agents no catalog entity claims (the caller may: agents.unregistered.read). */
      unregistered?: boolean;
    },
  ): Promise<OverviewResponse>;
}
