export interface Config {
  /** AgentDeck settings. */
  agentdeck?: {
    /** The action `agentdeck:kubernetes:apply`. */
    kubernetesApply?: {
      /** Namespace patterns (`*` matches any characters, e.g. `ai-agents-*`) agents may be applied to; unset: any except default and kube-*. */
      allowedNamespaces?: string[];
      /** Annotation and label keys on a Namespace that name its owner (annotation: entity ref; label: group name). Default: agentdeck.io/owner, backstage.io/owner */
      namespaceOwnerKeys?: string[];
      /** Namespace patterns and the owner they belong to; decides over what a namespace says about itself. */
      namespaceOwners?: Array<{
        /** Namespace pattern, `*` matches any characters. */
        namespace: string;
        /** Owner entity ref, e.g. group:default/billing-team. */
        owner: string;
      }>;
      /** Clusters to apply to, with credentials that may write; unset: the clusters of kubernetes.clusterLocatorMethods. */
      clusters?: Array<{
        /** The name templates pass as `cluster`. */
        name: string;
        /** API server URL. */
        url: string;
        /** Auth strategy of Backstage's Kubernetes plugin: serviceAccount (default), aws, googleServiceAccount, azure or anonymous. */
        authProvider?: string;
        /** Strategy settings, as in the Kubernetes plugin's config clusters (e.g. kubernetes.io/x-k8s-aws-id). */
        authMetadata?: { [key: string]: string };
        /**
         * Bearer token of a service account allowed to create the agent's objects.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** AWS role to assume (authProvider aws). */
        assumeRole?: string;
        /** External ID for the AWS role (authProvider aws). */
        externalId?: string;
        /** Base64 of the API server's CA certificate (PEM), as in a kubeconfig. */
        caData?: string;
        /** Path of the API server's CA certificate; wins over caData. */
        caFile?: string;
        /** Skip TLS verification (development only). */
        skipTLSVerify?: boolean;
      }>;
    };
  };
}
