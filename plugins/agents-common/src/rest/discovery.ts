import { AgentState } from './status';

/**
 * The label AgentDeck's templates put on an agent's Deployment and its pod
 * template, valued with the agent's name: "this workload is an agent". The
 * backend discovers workloads carrying it, whether a catalog entity claims
 * them or not.
 * @public
 */
export const AGENT_LABEL = 'agentdeck.io/agent';

/**
 * The `owner` of the overview's rollup of unregistered agents with no known
 * owner. Never an entity ref (those always read `kind:namespace/name`), so it
 * cannot collide with a group's. `GET /overview?owner=unowned` lists them.
 * @public
 */
export const UNOWNED_OWNER = 'unowned';

/**
 * How an unregistered agent was found: `label` (its Deployment carries
 * {@link AGENT_LABEL}), `kagent` (a kagent.dev `Agent` resource, or the
 * Deployment kagent made for one), `selector` (it matches
 * `agents.discovery.selector`).
 * @public
 */
export type DiscoverySource = 'label' | 'kagent' | 'selector';

/**
 * An agent running in a cluster that no catalog `Agent` claims (by the same
 * annotations and labels the status uses), in `GET /overview`.
 * @public
 */
export interface UnregisteredAgent {
  /** `unregistered:<cluster>/<namespace>/<name>`: stable, unique in the answer. */
  id: string;
  cluster: string;
  namespace: string;
  /** The Deployment's name, or the kagent Agent's (kagent names its Deployment after it). */
  name: string;
  kind: 'Deployment' | 'kagent Agent';
  source: DiscoverySource;
  /**
   * The likely owner, a full entity ref (`group:default/research-team`), from
   * the namespace's labels or annotations (`agents.discovery.ownerKeys`).
   * Absent when the namespace names none, or when it could not be read (see `ownerUnknown`).
   */
  owner?: string;
  /** Where `owner` was read: the namespace's label or annotation of that key. */
  ownerFrom?: { kind: 'label' | 'annotation'; key: string };
  /** Set when the namespace could not be read (AgentDeck may not list namespaces there): why the owner is unknown. */
  ownerUnknown?: string;
  state: AgentState;
  /** The state's reasons, in words, worst first. */
  reasons: string[];
  /** Pods ready (counted from the pods, as the state is) of the replicas the Deployment wants. */
  replicas: { ready: number; desired: number };
  tokens24h: { input: number; output: number };
  cost24hUsd: number;
  /** Why the 24 h usage is missing or partial; the figures above then read 0. */
  usageError?: string;
  /**
   * The annotations a catalog `Agent` needs to claim this agent (registering it):
   * `backstage.io/kubernetes-id`, or `backstage.io/kubernetes-label-selector`,
   * with `backstage.io/kubernetes-namespace`.
   */
  claimAnnotations: Record<string, string>;
}
