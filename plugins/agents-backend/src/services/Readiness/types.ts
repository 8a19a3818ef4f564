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
