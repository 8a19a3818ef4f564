import { Entity } from '@backstage/catalog-model';
import { AgentCardResponse } from '@agentdeck/plugin-agents-common';

/** `agents.cards.*`: how an agent's A2A card is read through the pod proxy. */
export interface AgentCardSettings {
  /** Time limit of one read, in milliseconds. */
  timeoutMs: number;
  /** A card past this many bytes is refused. */
  maxBytes: number;
}

/** A2A cards of catalog Agents, read once per rollout from one ready pod. */
export interface AgentCardService {
  /**
   * The card of the agent's current rollout, read now if it has not been
   * (waiting for that at most `waitMs`, then answering `pending`), compared
   * with the entity.
   */
  getCard(
    entity: Entity,
    options?: { waitMs?: number },
  ): Promise<AgentCardResponse>;
  /** Cancels reads in flight. */
  stop(): Promise<void>;
}
