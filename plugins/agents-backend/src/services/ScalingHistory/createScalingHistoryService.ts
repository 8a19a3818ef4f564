import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ScalingHistoryService } from '../types';
import { HistoryStore } from './historyStore';

/** Answers the scaling endpoint from stored samples and events. @public */
export function createScalingHistoryService(deps: {
  store: HistoryStore;
  retentionDays: number;
}): ScalingHistoryService {
  return {
    async query(entity: Entity, from: Date, to: Date) {
      const entityRef = stringifyEntityRef(entity);
      const [samples, events] = await Promise.all([
        deps.store.samples(entityRef, from.getTime(), to.getTime()),
        deps.store.events(entityRef, from.getTime(), to.getTime()),
      ]);
      return {
        entityRef,
        from: from.toISOString(),
        to: to.toISOString(),
        retentionDays: deps.retentionDays,
        samples,
        events,
      };
    },
  };
}
