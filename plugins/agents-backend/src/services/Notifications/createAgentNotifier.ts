import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { normalizeRef } from '../Overview';
import { HealthFactsReader } from '../AgentStatus/healthFacts';
import { BudgetBurnReader } from './budgetBurn';
import { createBudgetNotices } from './budgetNotices';
import { createHealthNotices } from './healthNotices';
import { NoticeStore } from './noticeStore';
import { NotificationSettings } from './types';
import { SendNotice } from './types';

/** `agentdeck.io/notifications: off` on an Agent stops its notifications. */
export const NOTIFICATIONS_ANNOTATION = 'agentdeck.io/notifications';

// budget notices are keyed by month: older claims can never match again
const KEEP_NOTICES_MS = 100 * 24 * 3600_000;

/** Dependencies of {@link createAgentNotifier}. */
export interface AgentNotifierDeps {
  store: NoticeStore;
  notifications: NotificationService;
  healthFacts: HealthFactsReader;
  budgetBurn: BudgetBurnReader;
  settings: NotificationSettings;
  logger: LoggerService;
  /** Whether the catalog knows the owner yet; until it does, notices wait (no recipients to resolve). */
  ownerKnown?: (ownerRef: string) => Promise<boolean>;
  now?: () => number;
}

function optedOut(entity: Entity) {
  const v = entity.metadata.annotations?.[NOTIFICATIONS_ANNOTATION];
  return (
    v !== undefined &&
    ['off', 'false', 'disabled'].includes(v.trim().toLowerCase())
  );
}

function ownerOf(entity: Entity) {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  return normalizeRef(owner, 'group', entity.metadata.namespace ?? 'default');
}

/**
 * Tells an agent's owning group about budget thresholds and health
 * incidents, each once: every notice is claimed in the database before it is
 * sent and given back if the send fails, so restarts and replicas never
 * repeat one.
 */
export function createAgentNotifier(deps: AgentNotifierDeps) {
  const now = deps.now ?? Date.now;
  const send: SendNotice = async (turn, payload, undo) => {
    try {
      if (deps.ownerKnown && !(await deps.ownerKnown(turn.owner))) {
        throw new Error(`owner ${turn.owner} is not in the catalog (yet)`);
      }
      await deps.notifications.send({
        recipients: { type: 'entity', entityRef: turn.owner },
        payload,
      });
    } catch (e) {
      await undo();
      throw e;
    }
  };
  const checks = [
    createBudgetNotices({ ...deps, send }),
    createHealthNotices({ ...deps, send }),
  ];

  return {
    /** One pass over the agents; an agent whose check fails is logged and retried next pass. */
    async run(entities: Entity[]) {
      const at = now();
      let sent = 0;
      const errors: string[] = [];
      const watched: string[] = [];
      for (const entity of entities) {
        const owner = ownerOf(entity);
        if (optedOut(entity) || !owner) continue;
        const turn = { entity, ref: stringifyEntityRef(entity), owner, at };
        watched.push(turn.ref);
        for (const check of checks) {
          try {
            sent += await check(turn);
          } catch (e) {
            errors.push(`${turn.ref}: ${(e as Error).message}`);
          }
        }
      }
      if (errors.length) {
        deps.logger.warn(`Agent notifications failed for ${errors.join('; ')}`);
      }
      // incidents of agents gone from the catalog or opted out end without a follow-up
      if (entities.length) await deps.store.dropIncidentsExcept(watched);
      await deps.store.forget(at - KEEP_NOTICES_MS);
      return { sent, errors };
    },
  };
}

/** Sends the agents' budget and health notifications. */
export type AgentNotifier = ReturnType<typeof createAgentNotifier>;
