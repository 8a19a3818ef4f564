import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AgentStatusService } from '../types';
import { HistoryStore } from './historyStore';
import {
  CollectResult,
  ScalingHistoryCollector,
  ScalingHistoryOptions,
} from './types';

/** Dependencies of the collector. @public */
export interface ScalingHistoryCollectorDeps {
  store: HistoryStore;
  status: AgentStatusService;
  logger: LoggerService;
  options: ScalingHistoryOptions;
  now?: () => number;
}

/**
 * Writes a sample only when an autoscaler's counts changed (or the heartbeat
 * is due), and events idempotently, so that repeated or concurrent runs on
 * one database never duplicate rows.
 * @public
 */
export function createScalingHistoryCollector(
  deps: ScalingHistoryCollectorDeps,
): ScalingHistoryCollector {
  const { store, status, logger, options } = deps;
  const now = deps.now ?? Date.now;

  async function collectOne(entity: Entity, result: CollectResult) {
    const entityRef = stringifyEntityRef(entity);
    const agent = status.getModel(entity);
    const at = now();
    for (const cluster of agent.clusters) {
      for (const a of cluster.autoscalers) {
        const key = {
          entityRef,
          cluster: cluster.cluster,
          namespace: a.namespace,
          autoscaler: `${a.kind}/${a.name}`,
        };
        const counts = {
          current: a.currentReplicas,
          desired: a.desiredReplicas,
          min: a.minReplicas,
          max: a.maxReplicas,
        };
        const last = await store.latestSample(key);
        const changed =
          !last ||
          last.current !== counts.current ||
          last.desired !== counts.desired ||
          last.min !== counts.min ||
          last.max !== counts.max;
        if (!changed && at - last.at < options.heartbeatMs) continue;
        const seq = last ? last.seq + 1 : 0;
        if (await store.insertSample(key, { seq, at, ...counts })) {
          result.samplesWritten += 1;
        }
      }
    }
    const events = await status.getRecentEvents(entity);
    result.eventsWritten += await store.insertEvents(entityRef, events);
  }

  return {
    async collect(entities) {
      const result: CollectResult = {
        samplesWritten: 0,
        eventsWritten: 0,
        errors: [],
      };
      for (const entity of entities) {
        try {
          await collectOne(entity, result);
        } catch (e) {
          // One broken agent must not stop the history of the others.
          const msg = `${stringifyEntityRef(entity)}: ${(e as Error).message}`;
          result.errors.push(msg);
          logger.warn(`Scaling history collection failed for ${msg}`);
        }
      }
      return result;
    },

    async cleanup() {
      const cutoff = now() - options.retentionDays * 24 * 3600 * 1000;
      return store.deleteOlderThan(cutoff);
    },
  };
}
