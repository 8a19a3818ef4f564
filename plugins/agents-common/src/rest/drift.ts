/**
 * One field where a live object differs from what the overlay renders. @public
 */
export interface DriftDifference {
  /** The object's kind, e.g. `Deployment`. */
  kind: string;
  /** The object's name. */
  name: string;
  /** Where, e.g. `spec.maxReplicas` or `spec.template.spec.containers[agent].env[LLM_API_KEY]`. */
  field: string;
  /** The rendered value; absent for env vars (their values never leave the backend) and when the overlay sets nothing there. */
  expected?: string;
  /** The live value; absent for env vars and when the live object has none. */
  live?: string;
}

/** An object the overlay renders that is not in the cluster. @public */
export interface DriftMissingObject {
  /** The object's kind. */
  kind: string;
  /** The object's name. */
  name: string;
}

/**
 * How the live objects of one environment in one cluster compare with
 * `deploy/overlays/<environment>`. @public
 */
export interface EnvironmentDrift {
  /** The cluster the live objects are in. */
  cluster: string;
  /** The live objects' `agentdeck.io/environment` label. */
  environment: string;
  /** The overlay's namespace; absent when it was not built. */
  namespace?: string;
  /** The overlay's directory in the repository, `deploy/overlays/<environment>`. */
  overlay: string;
  /** Fields where a live object differs from the rendered one. */
  differences: DriftDifference[];
  /** Objects of checked kinds the overlay renders that the cluster does not have. */
  missing: DriftMissingObject[];
  /** Kinds the overlay renders that AgentDeck's watch cache does not hold: not compared. */
  notChecked: string[];
  /** Set when drift was not computed for this environment (unreadable overlay, unsupported kustomization). */
  message?: string;
}

/**
 * `GET /entities/:namespace/:name/drift`: per environment and cluster where
 * the agent runs, where its live objects differ from what its repository's
 * overlay renders (image tags aside). @public
 */
export interface AgentDriftResponse {
  /** The repository the overlays are read from (the `backstage.io/source-location` annotation); absent when the agent names none. */
  source?: string;
  /** One entry per cluster and environment the agent's objects run in. */
  environments: EnvironmentDrift[];
  /** Set when drift was not computed at all, e.g. the agent names no repository. */
  message?: string;
}
