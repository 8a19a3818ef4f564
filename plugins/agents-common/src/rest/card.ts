/** Where an agent serves its A2A agent card, on its HTTP port. @public */
export const AGENT_CARD_PATH = '/.well-known/agent-card.json';

/**
 * Annotation of an `Agent` entity stating the version the catalog expects it
 * to run, compared with the version of its A2A card. @public
 */
export const AGENT_VERSION_ANNOTATION = 'agentdeck.io/version';

/** An interface an agent serves, from its A2A card. Plain text: never a link. @public */
export interface AgentCardInterface {
  /** Credentials in it are masked. */
  url: string;
  /** JSONRPC, GRPC, HTTP+JSON, or the URI of a custom binding. */
  protocolBinding: string;
  protocolVersion: string;
  tenant?: string;
}

/** A skill an agent declares in its A2A card. @public */
export interface AgentCardSkill {
  id: string;
  name: string;
  description: string;
  tags: string[];
  examples: string[];
}

/** Optional A2A features an agent declares. @public */
export interface AgentCardCapabilities {
  streaming?: boolean;
  pushNotifications?: boolean;
  extendedAgentCard?: boolean;
}

/**
 * The fields AgentDeck shows of an agent's A2A 1.0 card, checked and capped:
 * entries without what they need are left out, long lists and texts are cut.
 * @public
 */
export interface AgentCard {
  name: string;
  /** Required by A2A; absent when the card has none. */
  description?: string;
  /** Required by A2A; absent when the card has none. */
  version?: string;
  supportedInterfaces: AgentCardInterface[];
  capabilities: AgentCardCapabilities;
  defaultInputModes: string[];
  defaultOutputModes: string[];
  skills: AgentCardSkill[];
  /** What was missing, left out or past a limit. */
  problems?: string[];
}

/**
 * `read`: the card of the agent's current rollout. `pending`: it is being
 * read. `failed`: reading it failed (`error` says why). `not-running`: no
 * ready pod to read it from; `card` is then the last one read, if any.
 * @public
 */
export type AgentCardState = 'read' | 'pending' | 'failed' | 'not-running';

/** A field on which an agent's card and its catalog entity disagree. @public */
export interface AgentCardMismatch {
  field: 'name' | 'description' | 'version';
  /** The catalog's value: `metadata.title` or `name`, `description`, the `agentdeck.io/version` annotation. */
  catalog: string;
  card: string;
}

/** Answer of `GET /entities/:namespace/:name/card`. @public */
export interface AgentCardResponse {
  entityRef: string;
  state: AgentCardState;
  card?: AgentCard;
  /** When the card was read (ISO 8601). */
  fetchedAt?: string;
  /** The rollout it belongs to: its pods' `pod-template-hash` (or StatefulSet revision); it is read once per rollout. */
  podTemplateHash?: string;
  /** The pod it was read from. */
  source?: { cluster: string; namespace: string; pod: string };
  /** Why there is no card: the pod's answer (HTTP status, not JSON, too large) or the transport's. */
  error?: string;
  mismatches: AgentCardMismatch[];
}
