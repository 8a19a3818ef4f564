import type { SandboxIdentity } from './api/rbac';
import type { HostileBehaviour, Scenario } from './sim/scenarioTypes';

/** Options for {@link startSandboxCluster}. @public */
export interface SandboxClusterOptions {
  /** Cluster name, default 'sandbox'. */
  name?: string;
  /** Path to a YAML scenario file, a built-in name ('demo-eu', 'demo-us', 'small'), or an object. */
  scenario: string | Scenario;
  host?: string;
  port?: number;
  /** The cluster-admin token; random when omitted. */
  token?: string;
  /** More users beside the built-in admin, `viewer` (no rules) and AgentDeck reader. */
  identities?: SandboxIdentity[];
  /** Added to every API request. */
  latencyMs?: number;
  /** Scenario seconds per real second; 0 = frozen (advance with sim.advance). */
  timeScale?: number;
  seed?: number;
  /** Real milliseconds between periodic watch bookmarks, default 60000. */
  bookmarkIntervalMs?: number;
  /**
   * The demo's local publisher directory (`agentdeck.localPublish.directory`,
   * holding `bare/<owner>/<repo>.git`): a pod whose image is named after one of
   * its repositories serves that repository's `agent-card.json`, as if CI had
   * built the image from it.
   */
  imageSources?: string;
}

/** Fault injection switches. @public */
export interface Faults {
  latencyMs: number;
  errorRate: number;
  /** That share of API requests (not discovery) is throttled: 429 TooManyRequests with Retry-After, as API priority and fairness answers. */
  throttleRate: number;
  refuseConnections: boolean;
  dropWatchesAfterMs: number;
  expireResourceVersions: boolean;
  readyzBody: { agent: string; kind: 'huge' | 'garbage' | 'slow' } | null;
  /** A hung API server: open watches stay open but send nothing more, new requests never get an answer. */
  silent: boolean;
}

/** A running sandbox cluster. @public */
export interface SandboxCluster {
  name: string;
  url: string;
  /** cluster-admin: every verb on everything (the scaffolder's apply action writes with it). */
  token: string;
  /** A user with no RBAC bindings: 403 on everything but discovery. */
  viewerToken: string;
  /** The read-only AgentDeck identity: the rules of docs/agentdeck-rbac.yaml. */
  readerToken: string;
  /** Every identity's token by user name, including those of `identities`. */
  tokens: Record<string, string>;
  caData: string;
  /** A client certificate (PEM) for the named identity, signed by the sandbox's CA: the API server takes it instead of a token. */
  clientCertificate(user: string): { cert: string; key: string };
  /** A kubeconfig for this cluster, with the admin token unless another is given. */
  kubeconfig(token?: string): string;
  /** Requests per route, and per User-Agent header ('' when a request sent none). */
  stats: {
    total: number;
    byRoute: Record<string, number>;
    userAgents: Record<string, number>;
    /** Arrival times (ms since the epoch) of the latest 100,000 pod-proxy requests. */
    podProxyAt: number[];
  };
  resetStats(): void;
  faults: { set(f: Partial<Faults>): void; clear(): void };
  sim: {
    advance(seconds: number): void;
    now(): Date;
    setDependency(
      agent: string,
      check: string,
      ok: boolean,
      error?: string,
    ): void;
    setLoad(agent: string, activeRequestsPerPod: number): void;
    /** Makes an agent's pods answer hostile `/readyz` or `/metrics`; null makes them honest again. */
    setHostile(agent: string, hostile: HostileBehaviour | null): void;
  };
  stop(): Promise<void>;
}

/** Any Kubernetes object as JSON. @public */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
};

/** The metadata fields the sandbox reads. @public */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  [key: string]: unknown;
}

export const defaultFaults = (): Faults => ({
  latencyMs: 0,
  errorRate: 0,
  throttleRate: 0,
  refuseConnections: false,
  dropWatchesAfterMs: 0,
  expireResourceVersions: false,
  readyzBody: null,
  silent: false,
});
