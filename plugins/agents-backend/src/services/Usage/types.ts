import { Entity } from '@backstage/catalog-model';
import {
  ModelPrice,
  UsageRejection,
  UsageResponse,
} from '@agentdeck/plugin-agents-common';
import { PlausibilityLimits } from './counterPlan';

/** Tokens of one model, with cost only where a cost metric exists. @public */
export interface RawModelUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Undefined when no cost metric was found: the price table applies. */
  costUsd?: number;
}

/** Usage of one step of the series, per model. @public */
export interface RawPoint extends RawModelUsage {
  at: number;
}

/** A time range with the step of its series, in epoch milliseconds. @public */
export interface UsageRange {
  from: number;
  to: number;
  stepMs: number;
}

/** Reads tokens and cost from one source (Prometheus or sampled pod metrics). @public */
export interface UsageReader {
  kind: UsageResponse['source']['kind'];
  read(
    entity: Entity,
    range: UsageRange,
  ): Promise<{
    metric?: string;
    models: RawModelUsage[];
    series: RawPoint[];
    /** Pods left out of the answer. */
    rejected?: UsageRejection[];
    /** Why nothing could be read at all, when that is the case. */
    unknown?: string;
    /** When the figures were last read from the agent's pods (pod metrics only). */
    sampledAt?: number;
  }>;
  /** Totals from `from` to `to` without a series (budget burn). */
  total(entity: Entity, from: number, to: number): Promise<RawModelUsage[]>;
  /**
   * Last 24 h per agent for all given agents at once, keyed by entity ref;
   * and, keyed by their `key`, of the unregistered agents given (no entity:
   * their pods are found by namespace and name).
   */
  summary24h(
    entities: Entity[],
    now: number,
    unregistered?: UnregisteredUsageTarget[],
  ): Promise<Map<string, RawModelUsage[]>>;
}

/** An agent no catalog entity claims, whose usage is kept under `key`. @public */
export interface UnregisteredUsageTarget {
  /** `unregistered:<cluster>/<namespace>/<name>`. */
  key: string;
  cluster: string;
  namespace: string;
  /** Its pods are `<name>-<controller suffix>`. */
  name: string;
}

/** What the sampler's last pass over one agent reached. @public */
export interface SampleCoverage {
  at: number;
  /** When a pass last read at least one of its pods: how old the agent's usage is. */
  sampledAt?: number;
  sampled: number;
  failed: number;
  firstError?: string;
}

/** Usage settings from `agents.usage`. @public */
export interface UsageSettings {
  prometheus?: {
    baseUrl: string;
    timeoutMs: number;
    /** Pod label that carries the agent's kubernetes-id; unset scopes by pod name prefix. */
    selectorLabel?: string;
  };
  prices: ModelPrice[];
  podMetrics: {
    port: number | string;
    path: string;
    sampleIntervalSeconds: number;
    maxBytes?: number;
    maxSeriesPerPod?: number;
    maxLabelValueLength?: number;
    maxLabelsPerSeries?: number;
  };
  /** Ceilings above which a pod's usage is rejected, for both sources. */
  plausibility?: PlausibilityLimits;
}
