export interface Config {
  /** AgentDeck settings. */
  agentdeck?: {
    /** The demo publisher `agentdeck:publish:local`. */
    localPublish?: {
      /** Directory for bare repositories (`bare/`) and their checked-out copies (`checkouts/`). Default: <os tmpdir>/agentdeck-repos */
      directory?: string;
    };
    /** The action `agentdeck:kubernetes:apply`. */
    kubernetesApply?: {
      /** Namespace patterns (`*` matches any characters, e.g. `ai-agents-*`) agents may be applied to; unset: any except default and kube-*. */
      allowedNamespaces?: string[];
      /** Clusters to apply to, with credentials that may write; unset: the clusters of kubernetes.clusterLocatorMethods. */
      clusters?: Array<{
        /** The name templates pass as `cluster`. */
        name: string;
        /** API server URL. */
        url: string;
        /**
         * Bearer token of a service account allowed to create the agent's objects.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** Base64 of the API server's CA certificate (PEM), as in a kubeconfig. */
        caData?: string;
        /** Skip TLS verification (development only). */
        skipTLSVerify?: boolean;
      }>;
    };
  };
}
