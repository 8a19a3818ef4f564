import { AgentState } from './status';
import { UnregisteredAgent } from './discovery';
import { OverviewAgentTemplate } from './template';

/** Windows the usage endpoint accepts. @public */
export const USAGE_WINDOWS = ['24h', '7d', '30d'] as const;

/** A usage window. @public */
export type UsageWindow = (typeof USAGE_WINDOWS)[number];

/** Where a cost figure came from. @public */
export type CostSource = 'metric' | 'price-table' | 'unpriced';

/** Price of a model per million tokens, in USD. @public */
export interface ModelPrice {
  model: string;
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
}

/** Tokens and cost of one model over the window. @public */
export interface ModelUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costSource: CostSource;
}

/** One point of the usage series. @public */
export interface UsagePoint {
  at: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * Why a pod's metrics were left out of usage: its page broke a limit
 * (`too-large`, `too-many-series`, `too-many-labels`, `label-too-long`),
 * held a value that is not a number (`non-finite`), grew faster than is
 * plausible (`implausible`) or kept falling back to zero (`toggling`).
 * @public
 */
export type UsageRejectionCause =
  | 'too-large'
  | 'too-many-series'
  | 'too-many-labels'
  | 'label-too-long'
  | 'non-finite'
  | 'implausible'
  | 'toggling';

/** A pod whose metrics were left out of the totals, at least in part. @public */
export interface UsageRejection {
  cluster?: string;
  namespace?: string;
  pod: string;
  cause: UsageRejectionCause;
  /** When it was last seen doing so. */
  at: string;
}

/** `GET /entities/:namespace/:name/usage?window`. @public */
export interface UsageResponse {
  entityRef: string;
  window: UsageWindow;
  from: string;
  to: string;
  source: {
    kind: 'prometheus' | 'pod-metrics' | 'none';
    /** Which token metrics were read, newest naming first, e.g. gen_ai_client_inference_usage_*_tokens or llm_tokens_total. */
    metric?: string;
  };
  /** Prices used where no cost metric existed. */
  prices: ModelPrice[];
  models: ModelUsage[];
  totals: { inputTokens: number; outputTokens: number; costUsd: number };
  series: UsagePoint[];
  budget?: {
    monthlyUsd: number;
    spentThisMonthUsd: number;
    projectedMonthUsd: number;
    /** projected / budget; above 1 means over budget. */
    burnRatio: number;
  };
  /** Set when usage could not be read (e.g. Prometheus down); the rest stays usable. */
  error?: string;
  /** Pods whose metrics were rejected in the window: the totals leave them out and are incomplete. */
  rejected?: UsageRejection[];
  /**
   * Set when nothing could be read for this agent (no pod could be sampled): the totals are not
   * zero but unknown, and there is no budget burn. Says why.
   */
  unknown?: string;
  /** When the agent's pods were last sampled (pod-metrics source): how old the figures are. */
  sampledAt?: string;
  /**
   * Where the source's data for this agent begins, when that is after `from` (e.g. the sampler
   * started an hour into a 24 h window): the series' points before it are not measurements, so
   * charts start here and say "no data before". Absent when the data reaches back to `from`.
   */
  dataFrom?: string;
}

/** One agent in the org-wide overview. @public */
export interface OverviewAgent {
  entityRef: string;
  name: string;
  title?: string;
  owner: string;
  system?: string;
  type: string;
  lifecycle: string;
  state: AgentState;
  reasons: string[];
  replicas: { ready: number; desired: number };
  tokens24h: { input: number; output: number };
  cost24hUsd: number;
  usageError?: string;
  /** The template that created the agent, when it records one. */
  template?: OverviewAgentTemplate;
}

/**
 * Totals of one owner's agents: its catalog agents and, when the caller may
 * see them, the unregistered agents whose namespace names it. Unregistered
 * agents with no known owner have their own rollup, `owner` `unowned`
 * (UNOWNED_OWNER).
 * @public
 */
export interface OwnerRollup {
  /** A full entity ref, or `unowned` (then `unowned` is true). */
  owner: string;
  /** Set only on the rollup of unregistered agents with no known owner. */
  unowned?: true;
  /** Catalog and unregistered agents. */
  agents: number;
  /** How many of `agents` are unregistered; absent when none are. */
  unregistered?: number;
  byState: Record<AgentState, number>;
  replicas: { ready: number; desired: number };
  tokens24h: { input: number; output: number };
  cost24hUsd: number;
}

/** `GET /overview?owner&system`. @public */
export interface OverviewResponse {
  generatedAt: string;
  agents: OverviewAgent[];
  owners: OwnerRollup[];
  /**
   * Agents running in the clusters that no catalog `Agent` claims, with their
   * likely owners, state and 24 h usage. Present only when the caller is
   * allowed `agents.unregistered.read`; filtered by `owner` like `agents`
   * (`owner=unowned` keeps those with no known owner), and empty when
   * `system` is given (they belong to no system).
   */
  unregistered?: UnregisteredAgent[];
  /**
   * How many of the listed agents have a readiness breakdown older than its
   * target (an unready pod's `/readyz` not fetched again within twice its
   * interval), for example while the request budget is saturated.
   */
  readinessBehind?: number;
}
