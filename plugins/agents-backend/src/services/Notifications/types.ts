import { Entity } from '@backstage/catalog-model';
import { NotificationPayload } from '@backstage/plugin-notifications-common';

/** One agent in one notifier pass. */
export interface AgentTurn {
  entity: Entity;
  /** The agent's entity ref, the key of everything stored about it. */
  ref: string;
  /** The owner's entity ref: the recipient. */
  owner: string;
  at: number;
}

/** Sends to the turn's owner; runs `undo` and rethrows when the send fails. */
export type SendNotice = (
  turn: AgentTurn,
  payload: NotificationPayload,
  undo: () => Promise<void>,
) => Promise<void>;

/** Settings of `agents.notifications`, with defaults. */
export interface NotificationSettings {
  enabled: boolean;
  intervalSeconds: number;
  /** Percentages of the monthly budget, ascending. */
  budgetThresholds: number[];
  projectedOverrun: boolean;
  downMinutes: number;
  scalingLimitedMinutes: number;
}
