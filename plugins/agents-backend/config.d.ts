export interface Config {
  /**
   * AgentDeck backend. Clusters come from `kubernetes.clusterLocatorMethods`
   * (type `config`), the section Backstage's Kubernetes plugin reads.
   */
  agents?: {
    /** The list+watch cache of pods, deployments, autoscalers and events. */
    cache?: {
      /** Timeout of a list request, and of silence on a watch, in milliseconds (default 15000). */
      requestTimeoutMs?: number;
      /** Watches are re-opened after this many seconds, with jitter (default 300). */
      watchTimeoutSeconds?: number;
      /** First retry delay after a failed list, in milliseconds (default 500). */
      backoffMinMs?: number;
      /** Longest retry delay after repeated failures, in milliseconds (default 30000). */
      backoffMaxMs?: number;
      /** A list answer larger than this many bytes is refused (default 64 MiB). */
      maxListBytes?: number;
      /** How often to look again for KEDA where it is not installed, in milliseconds (default 300000). */
      absentRetryMs?: number;
    };
    /** Background fetching of pods' `/readyz` through the API server's pod proxy. */
    readiness?: {
      /** Seconds between fetches for each running pod; a change of its Ready condition fetches at once (default 30). */
      intervalSeconds?: number;
      /** Time limit of one `/readyz` fetch, in milliseconds (default 3000). */
      timeoutMs?: number;
      /** A `/readyz` answer is cut off and reported past this many bytes (default 65536). */
      maxBytes?: number;
      /** At most this many `/readyz` fetches run at once across all clusters (default 4). */
      concurrency?: number;
    };
  };
}
