import { Entity } from '@backstage/catalog-model';
import { PodReadiness } from '@agentdeck/plugin-agents-common';

/** Settings of the background `/readyz` fetcher (`agents.readiness.*`). */
export interface ReadinessSettings {
  /** For pods that are not ready: their breakdown is what people come to see. */
  intervalSeconds: number;
  /** For ready pods of agents someone has open; ready pods' checks all pass, so no one else needs them. */
  readyIntervalSeconds: number;
  timeoutMs: number;
  maxBytes: number;
  concurrency: number;
  /** Fetches one agent's pods may hold at once; default half of `concurrency`, so a hanging agent cannot take them all. */
  maxPerAgent?: number;
  /** Set when readiness comes from Prometheus (`agents.readiness.source`): then nothing goes through the pod proxy. */
  prometheus?: PrometheusReadinessSettings;
}

/** Readiness from the agents' `agent_readiness_check{check}` gauge (`agents.readiness.prometheus`). */
export interface PrometheusReadinessSettings {
  baseUrl: string;
  timeoutMs: number;
  /** Seconds between the instant queries; they cost the API servers nothing. */
  intervalSeconds: number;
  /** Series label naming the Backstage cluster; unset, a series counts for its namespace and pod in any cluster. */
  clusterLabel?: string;
  /** An answer with more series than this is refused as a whole. */
  maxSeries: number;
}

/** Cached readiness breakdowns of catalog Agents' running pods, refreshed in the background. */
export interface ReadinessService {
  get(
    cluster: string,
    namespace: string,
    pod: string,
  ): PodReadiness | undefined;
  /**
   * A number that changes whenever an answer for a pod labelled
   * `backstage.io/kubernetes-id=<kubernetesId>` in the cluster changes: one
   * comparison instead of one per pod. Without it, callers compare each pod's answer.
   */
  revision?(cluster: string, kubernetesId: string): number;
  /**
   * False on a replica that leaves the pod-proxy work to another one (see
   * shareReadiness). Other background work through the pod proxy (usage
   * sampling) runs only where this is true, so all replicas together stay
   * within one request budget. Absent means true. A replica that has not
   * yet decided whether it holds the lease tries to once (when its cache is
   * listed) before it answers.
   */
  fetchesHere?(): Promise<boolean>;
  /** The Agents whose pods are fetched; `listAgents` keeps it current when given. */
  setAgents(entities: Entity[]): void;
  /** True when the pod's breakdown is older than its target by more than one interval. */
  behind(
    cluster: string,
    namespace: string,
    pod: string,
    now?: number,
  ): boolean;
  start(): void;
  stop(): Promise<void>;
}
