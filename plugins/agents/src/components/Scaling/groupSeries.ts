import {
  ReplicaSample,
  RescaleEvent,
  ScalingHistoryResponse,
} from '@agentdeck/plugin-agents-common';

/** The samples of one autoscaler in one cluster, with the events about it. */
export interface ReplicaSeries {
  key: string;
  cluster: string;
  autoscaler: string;
  samples: ReplicaSample[];
  events: RescaleEvent[];
}

/**
 * Splits history into one series per cluster and autoscaler, ordered by
 * cluster, samples in time order.
 */
export function groupSeries(history: ScalingHistoryResponse): ReplicaSeries[] {
  const byKey = new Map<string, ReplicaSeries>();
  for (const s of history.samples) {
    const key = `${s.cluster}/${s.namespace}/${s.autoscaler}`;
    let series = byKey.get(key);
    if (!series) {
      const events = history.events.filter(
        e => e.cluster === s.cluster && e.namespace === s.namespace,
      );
      series = {
        key,
        cluster: s.cluster,
        autoscaler: s.autoscaler,
        samples: [],
        events,
      };
      byKey.set(key, series);
    }
    series.samples.push(s);
  }
  for (const series of byKey.values()) {
    series.samples.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}
