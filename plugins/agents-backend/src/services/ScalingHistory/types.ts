import { Entity } from '@backstage/catalog-model';

/** Options of the scaling history store and collector. @public */
export interface ScalingHistoryOptions {
  /** Rows older than this are deleted by housekeeping. */
  retentionDays: number;
  /** An unchanged autoscaler still gets a sample this often, so charts have edges. */
  heartbeatMs: number;
}

/** Result of one collection run. @public */
export interface CollectResult {
  samplesWritten: number;
  eventsWritten: number;
  errors: string[];
}

/** Copies replica counts and rescale events from the cache into the database. @public */
export interface ScalingHistoryCollector {
  collect(entities: Entity[]): Promise<CollectResult>;
  /** Deletes rows older than the retention; returns how many went. */
  cleanup(): Promise<number>;
}

/** Settings of `agents.history`, with defaults. */
export interface HistorySettings {
  retentionDays: number;
  intervalSeconds: number;
  heartbeatMinutes: number;
}
