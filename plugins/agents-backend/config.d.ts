export interface Config {
  /**
   * AgentDeck backend. Clusters come from `kubernetes.clusterLocatorMethods`
   * (types `config`, `catalog`, `localKubectlProxy`), the section Backstage's Kubernetes plugin reads.
   */
  agents?: {
    /** The list+watch cache of pods, deployments, autoscalers and events. */
    cache?: {
      /** Timeout of a list request, in milliseconds (default 15000). */
      requestTimeoutMs?: number;
      /** A cluster with no event or bookmark on a watch for this many seconds is shown as stale and its watch re-established (default 150). */
      silenceSeconds?: number;
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
    /** Requests to each cluster's API server other than watches (pod proxy for readiness and /metrics), as client-go's token bucket. */
    requestBudget?: {
      /** Requests per second to one cluster, never exceeded whatever the fleet's size (default 5). */
      qps?: number;
      /** Requests that may go at once after a quiet spell, within the rate above (default 10). */
      burst?: number;
      /** An agent counts as viewed, and its work goes first, this many seconds after its status was last read (default 180). */
      viewedSeconds?: number;
    };
    /** Readiness breakdowns of catalog Agents' pods: fetched from their `/readyz` through the API server's pod proxy, within the request budget, or read from Prometheus (see `source`). */
    readiness?: {
      /** Seconds between fetches for each running pod that is not ready; turning unready fetches at once, ahead of other work (default 30). */
      intervalSeconds?: number;
      /** Seconds between fetches for each ready pod of an agent someone has open; others' ready pods are fetched once (default 300). */
      readyIntervalSeconds?: number;
      /** Time limit of one `/readyz` fetch, in milliseconds (default 3000). */
      timeoutMs?: number;
      /** A `/readyz` answer is cut off and reported past this many bytes (default 65536). */
      maxBytes?: number;
      /** At most this many `/readyz` fetches run at once across all clusters (default 4). */
      concurrency?: number;
      /** At most this many of them for one agent's pods, so a hanging agent cannot starve the rest (default half of concurrency). */
      maxPerAgent?: number;
      /**
       * Where breakdowns come from. `proxy`: each pod's `/readyz` through the API server, within the request budget.
       * `prometheus`: the agents' `agent_readiness_check{check}` gauge (1 ok, 0 failing) from Prometheus, one instant
       * query for all pods and no pod-proxy request at all; a pod without that gauge shows no breakdown, so choose
       * `proxy` if your agents do not export it. `auto` (default): `prometheus` when a Prometheus base URL is set,
       * here or at agents.usage.prometheus, else `proxy`.
       */
      source?: 'auto' | 'proxy' | 'prometheus';
      /** Readiness from Prometheus; series are matched to pods by their `namespace` and `pod` labels, as Kubernetes service discovery sets them. */
      prometheus?: {
        /** Base URL of the Prometheus HTTP API (default agents.usage.prometheus.baseUrl). */
        baseUrl?: string;
        /** Time limit of one query, in milliseconds (default agents.usage.prometheus.timeoutMs, else 5000). */
        timeoutMs?: number;
        /** Seconds between queries; they cost the API servers nothing (default 10). */
        intervalSeconds?: number;
        /** Series label holding the Backstage cluster name when one Prometheus serves several clusters, e.g. cluster; series without it are ignored. Unset, a series counts for the pod of that namespace and name in any cluster. */
        clusterLabel?: string;
        /** An answer with more series than this is refused and every pod says so (default 200000). */
        maxSeries?: number;
      };
    };
    /** Scaling history kept in the plugin database beyond the Kubernetes event TTL. */
    history?: {
      /** Samples and events older than this many days are deleted (default 30). */
      retentionDays?: number;
      /** Seconds between collections of replica counts and rescale events (default 30). */
      intervalSeconds?: number;
      /** An unchanged autoscaler still gets a sample this often, in minutes, so charts have edges (default 10). */
      heartbeatMinutes?: number;
    };
    /** LLM token and cost usage. */
    usage?: {
      /** Prometheus to read token usage from (the current GenAI counters gen_ai_client_inference_usage_*_tokens, gen_ai_client_token_usage or llm_tokens_total); without it, pods' /metrics are sampled. */
      prometheus?: {
        /** Base URL of the Prometheus HTTP API, e.g. http://prometheus:9090. */
        baseUrl: string;
        /** Time limit of one Prometheus query, in milliseconds (default 5000). */
        timeoutMs?: number;
        /** Pod label carrying the agent's kubernetes-id, e.g. app; unset matches pods by name. */
        selectorLabel?: string;
      };
      /** Prices per model, used where no llm_cost_dollars_total exists. */
      prices?: Array<{
        /** Model name as the metrics label it, with or without provider, e.g. openai/gpt-4o. */
        model: string;
        /** USD per million input tokens. */
        inputPerMillionUsd: number;
        /** USD per million output tokens. */
        outputPerMillionUsd: number;
      }>;
      /** Sampling of pods' /metrics through the API server's pod proxy when no Prometheus is set. */
      podMetrics?: {
        /** Container port serving /metrics (default 8000). */
        port?: number | string;
        /** Path of the metrics page (default /metrics). */
        path?: string;
        /** Seconds between samples (default 60). */
        sampleIntervalSeconds?: number;
        /** A pod's /metrics page larger than this many bytes is left out and reported (default 1048576). */
        maxBytes?: number;
        /** A pod exposing more token and cost series than this is left out and reported (default 200). */
        maxSeriesPerPod?: number;
        /** A usage series with a label value longer than this is refused with its pod (default 256; model names 128). */
        maxLabelValueLength?: number;
        /** A usage series with more labels than this is refused with its pod (default 16). */
        maxLabelsPerSeries?: number;
      };
      /** Ceilings of one pod's usage, for both sources: a pod growing faster counts nothing and is reported. */
      plausibility?: {
        /** Tokens one pod may use per minute (default 10000000). */
        maxTokensPerPodPerMinute?: number;
        /** US dollars one pod may spend per minute (default 100). */
        maxCostUsdPerPodPerMinute?: number;
      };
    };
    /** Budget and health notifications to each agent's owning group (Backstage notifications); `agentdeck.io/notifications: off` on an Agent opts it out. */
    notifications?: {
      /** Sends notifications at all (default true). */
      enabled?: boolean;
      /** Seconds between checks of every agent, run once across backend replicas (default 60). */
      intervalSeconds?: number;
      /** Spend against `spec.budget.monthlyUsd`, each notice once per agent and calendar month (UTC). */
      budget?: {
        /** Percentages of the monthly budget that notify when spend passes them (default [50, 80, 100]). */
        thresholdsPercent?: number[];
        /** Also notify when the month's projected spend exceeds the budget (default true). */
        projectedOverrun?: boolean;
      };
      /** Health incidents: one notice when one has lasted this long, one follow-up when it clears. */
      health?: {
        /** Minutes an agent must be down (no pod ready, or a pod in CrashLoopBackOff) before its owner is told (default 10). */
        downMinutes?: number;
        /** Minutes an autoscaler must be held at its maximum (ScalingLimited) before its owner is told (default 30). */
        scalingLimitedMinutes?: number;
      };
    };
    /** Update proposals for agents whose template has a newer version. */
    templateUpdates?: {
      /**
       * Proposes every such update on a schedule, as the Agent tab's "Propose update" does: the
       * agent's template run through the scaffolder with the inputs its repository records, as the
       * plugin's own service principal, once per agent and template version (default false).
       */
      propose?: boolean;
      /** Minutes between passes, run once across backend replicas (default 360). */
      intervalMinutes?: number;
    };
    /**
     * Discovery of agents no catalog entity claims, from the watch cache (no polling): Deployments
     * labelled `agentdeck.io/agent` (AgentDeck's templates set it), kagent `Agent` resources
     * (kagent.dev/v1alpha2) with the Deployments kagent makes, and workloads matching `selector`.
     * The overview lists those no catalog Agent claims, to callers allowed `agents.unregistered.read`.
     */
    discovery?: {
      /** Workloads matching this label selector are agents too, e.g. `app.kubernetes.io/component=agent`; Deployments and their pods must both carry it. */
      selector?: string;
      /** Namespace annotations and labels naming the likely owner of what runs there, first found wins, an annotation before a label of the same key; a bare name is a group (default ['agentdeck.io/owner', 'backstage.io/owner', 'team']). */
      ownerKeys?: string[];
    };
    /** The org-wide overview. */
    overview?: {
      /** Seconds between refreshes of the per-agent 24 h usage summary (default 60). */
      refreshSeconds?: number;
    };
    /**
     * A2A agent cards (`/.well-known/agent-card.json` on the pod's HTTP port, the readiness probe's):
     * read through the pod proxy, within the request budget, once per rollout (pod template hash),
     * when someone opens the agent's page.
     */
    cards?: {
      /** Time limit of one read, in milliseconds (default 5000). */
      timeoutMs?: number;
      /** A card larger than this many bytes is refused (default 65536). */
      maxBytes?: number;
    };
  };
}
