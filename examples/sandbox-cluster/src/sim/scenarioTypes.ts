/** A scheduled dependency outage: `check` fails for `forSeconds` every `everySeconds`. @public */
export interface OutageBehaviour {
  check: string;
  everySeconds: number;
  forSeconds: number;
  startSecond?: number;
}

/**
 * An agent that answers with hostile data through the pod proxy, to test what a
 * backend does with it. `readyz`: `hang` never answers, `secrets` fails with
 * credentials in its messages. `metrics`: `flood` adds 3,000 token series,
 * `huge-label` a 200 KB label value, `inflate` a 1e12 dollar line and two 1e308
 * token lines, `toggle` a token counter that falls to 0 at every other scrape.
 * @public
 */
export interface HostileBehaviour {
  readyz?: 'hang' | 'secrets';
  metrics?: 'flood' | 'huge-label' | 'inflate' | 'toggle';
  /**
   * The A2A card (`/.well-known/agent-card.json`): `hang` never answers, `huge`
   * is 2 MB, `garbage` is not JSON, `secrets` has credentials in its interface
   * URLs and description, control characters, 80 skills and a 5,000-character name.
   */
  card?: 'hang' | 'huge' | 'garbage' | 'secrets';
}

/** A skill of a simulated agent's A2A card. @public */
export interface ScenarioSkill {
  /** Default: the name, lower case, dashes for anything else. */
  id?: string;
  name: string;
  description: string;
  tags?: string[];
  examples?: string[];
}

/** What a simulated agent's A2A card says beyond its name. @public */
export interface ScenarioCard {
  description?: string;
  /** Default: the tag of the pod's image. */
  version?: string;
  skills?: ScenarioSkill[];
}

/** What a simulated agent does over time. @public */
export interface AgentBehaviours {
  outage?: OutageBehaviour;
  crashLoop?: boolean;
  oomKillOnce?: { atSecond: number };
  slowStartSeconds?: number;
  /** KEDA: the first trigger fails (Fallback) between these scenario seconds. */
  triggerFailure?: { startSecond: number; forSeconds: number };
  hostile?: HostileBehaviour;
}

/** Load curve: total active requests = base + amplitude * (0.5 - 0.5 cos(2 pi t / periodSeconds)), plus optional bursts. @public */
export interface LoadCurve {
  base?: number;
  amplitude?: number;
  periodSeconds?: number;
  burstEverySeconds?: number;
  burstSize?: number;
  burstForSeconds?: number;
}

/** Scaling settings of a simulated agent. @public */
export interface ScalingSpec {
  mode: 'hpa' | 'keda' | 'none';
  min?: number;
  max?: number;
  /** HPA: agent_active_requests average per pod; KEDA: listLength / lagThreshold. */
  target?: number;
  /** KEDA trigger type: redis (listLength) or nats-jetstream (lagThreshold). */
  trigger?: 'redis' | 'nats-jetstream' | 'prometheus';
  paused?: boolean;
}

/**
 * Who deployed an agent, which decides its objects' shape:
 * `agentdeck` (default) as the scaffolder's templates do (labels `backstage.io/kubernetes-id`
 * and, on the Deployment and pod template, `agentdeck.io/agent`);
 * `kagent` a kagent.dev/v1alpha2 `Agent` plus the Deployment, Service and ServiceAccount
 * kagent's controller creates for it (labels `app: kagent`, `kagent: <name>`,
 * `app.kubernetes.io/managed-by: kagent`; container `kagent` on port 8080; the scenario's
 * `crds` must list `kagent.dev`);
 * `hand` a plain Deployment labelled `app: <name>` and the agent's `labels`, nothing else.
 * @public
 */
export type DeployedBy = 'agentdeck' | 'kagent' | 'hand';

/** A naming of token metrics a simulated agent exposes. @public */
export type TokenMetricNaming = 'llm' | 'otel-histogram' | 'otel';

/** One agent in a scenario. @public */
export interface ScenarioAgent {
  name: string;
  namespace: string;
  deployedBy?: DeployedBy;
  type?: 'api' | 'worker' | 'orchestrator' | 'local-model' | 'embeddings';
  image?: string;
  replicas?: number;
  scaling?: ScalingSpec;
  checks?: string[];
  models?: string[];
  /**
   * The token metric namings its pods expose (default `['llm']`): `llm` is
   * `llm_tokens_total`, `otel-histogram` OpenTelemetry's earlier
   * `gen_ai_client_token_usage` histogram, `otel` the current
   * `gen_ai_client_inference_usage_input_tokens_total` / `_output_tokens_total`
   * counters. `llm_cost_dollars_total` is exposed whatever the naming.
   */
  tokenMetrics?: TokenMetricNaming[];
  maxConcurrency?: number;
  load?: LoadCurve;
  behaviours?: AgentBehaviours;
  pdb?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Its A2A card; default: the demo fleet's card of that name, else one made up from the agent. */
  card?: ScenarioCard;
}

/** A namespace of a scenario. @public */
export interface ScenarioNamespace {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A whole scenario file. @public */
export interface Scenario {
  name?: string;
  seed?: number;
  /** ISO time the scenario clock starts at; default: the real time at start. */
  startTime?: string;
  /** Optional API groups whose CRDs are installed (`kagent.dev`); elsewhere their paths answer 404. */
  crds?: string[];
  namespaces?: Array<string | ScenarioNamespace>;
  agents?: ScenarioAgent[];
  /** Synthetic agents for benchmarks. */
  generate?: { agents: number; podsPerAgent?: number; namespace?: string };
}
