import type { AgentRuntime } from './agents';

/** Monotonic counters exposed on /metrics; they restart from zero with the container. */
export interface Counters {
  tasksOk: number;
  tasksError: number;
  requests: Record<
    string,
    { ok: number; error: number; input: number; output: number; cost: number }
  >;
  durationBuckets: number[];
  durationSum: number;
  durationCount: number;
}

/** What the simulated kubelet knows about one pod. */
export interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  agent: AgentRuntime;
  stage: 'pending' | 'bound' | 'creating' | 'running' | 'backoff';
  createdAt: number;
  boundAt?: number;
  sandboxAt?: number;
  runningSince?: number;
  nextAt: number;
  started: boolean;
  ready: boolean;
  readySince: number;
  failingSince?: number;
  lastProbe: number;
  restartCount: number;
  lastTerminated?: Record<string, unknown>;
  backoffText: string;
  containerId: string;
  imageDigest: string;
  node: string;
  hostIP: string;
  podIP: string;
  ordinal: number;
  counters: Counters;
  /** The image its container runs: an agent card's version is its tag. */
  image?: string;
  /** `/metrics` answers so far, for hostile counters that change per scrape. */
  scrapes?: number;
  dirty: boolean;
}

export const newCounters = (): Counters => ({
  tasksOk: 0,
  tasksError: 0,
  requests: {},
  durationBuckets: new Array(9).fill(0),
  durationSum: 0,
  durationCount: 0,
});
