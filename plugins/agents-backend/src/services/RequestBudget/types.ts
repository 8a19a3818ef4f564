/**
 * Order of work waiting for a cluster's request budget, most urgent first:
 * a pod that just turned unready, then agents someone is looking at, then
 * everything else.
 */
export const REQUEST_PRIORITIES = ['unready', 'viewed', 'background'] as const;

/** One of {@link REQUEST_PRIORITIES}. */
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

/**
 * Requests in flight a kind of work may hold at once, across clusters, and
 * per lane: a slow answer holds a seat of the API server's own fairness, so
 * one agent whose pods hang must not hold them all. The object is the group.
 */
export interface InFlightLimit {
  total: number;
  perLane: number;
}

/** Where a request waits: its cluster's budget, its lane (an agent) and priority. */
export interface BudgetTicket {
  cluster: string;
  /** Work of one agent; lanes of one priority take turns. */
  lane: string;
  priority: RequestPriority;
  /** Aborting takes the request out of the queue at once, before it costs anything. */
  signal?: AbortSignal;
  /** A full limit holds the request back, without its token, until one of its group ends. */
  limit?: InFlightLimit;
}

/** `agents.requestBudget.*`: client-go's token bucket, per cluster. */
export interface RequestBudgetSettings {
  /** Requests per second each cluster's API server gets from AgentDeck, past watches. */
  qps: number;
  /** Requests that may go at once after a quiet spell. */
  burst: number;
  /** An agent counts as viewed this long after its status was last asked for. */
  viewedSeconds: number;
}

/**
 * Every request to an API server that is not a watch waits here for a token of
 * its cluster's bucket, so AgentDeck's rate never passes `qps` plus `burst`,
 * whatever the fleet's size.
 */
export interface RequestBudget {
  run<T>(ticket: BudgetTicket, task: () => Promise<T>): Promise<T>;
  /** Holds back a cluster's requests, as its API server asked with a 429. */
  pause(cluster: string, seconds: number): void;
  /** Requests waiting, for one cluster or all. */
  waiting(cluster?: string): number;
  /** Rejects everything still waiting. */
  stop(): void;
}

/** Agents whose page someone has open, as the status route sees it. */
export interface ViewedAgents {
  mark(entityRef: string): void;
  has(entityRef: string): boolean;
}
