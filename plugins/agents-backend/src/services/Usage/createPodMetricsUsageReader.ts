import { stringifyEntityRef } from '@backstage/catalog-model';
import { mergeModels } from './createPrometheusUsageReader';
import { PodMetricsStore } from './podMetricsStore';
import { RawModelUsage, SampleCoverage, UsageReader } from './types';

/** Usage from increments the pod-metrics sampler stored. @public */
export function createPodMetricsUsageReader(
  store: PodMetricsStore,
  coverage?: (entityRef: string) => SampleCoverage | undefined,
): UsageReader {
  return {
    kind: 'pod-metrics',
    async read(entity, { from, to, stepMs }) {
      const ref = stringifyEntityRef(entity);
      const [models, series, rejected] = await Promise.all([
        store.totals(ref, from, to),
        store.series(ref, from, to, stepMs),
        store.rejections(ref, from, to),
      ]);
      // No data and the last pass reached none of its pods: zero would be a claim, not a fact.
      const last = coverage?.(ref);
      const unknown =
        models.length === 0 && last && last.sampled === 0 && last.failed > 0
          ? `no pod of this agent could be sampled (${last.failed} tried): ${last.firstError}`
          : undefined;
      return {
        models,
        series,
        ...(rejected.length ? { rejected } : {}),
        ...(unknown ? { unknown } : {}),
        ...(last?.sampledAt ? { sampledAt: last.sampledAt } : {}),
      };
    },
    total(entity, from, to) {
      return store.totals(stringifyEntityRef(entity), from, to);
    },
    async summary24h(entities, now, unregistered = []) {
      // the sampler keeps an unregistered agent's usage under its key
      const wanted = new Set([
        ...entities.map(e => stringifyEntityRef(e)),
        ...unregistered.map(t => t.key),
      ]);
      const rows = await store.totalsByAgent(now - 24 * 3600 * 1000);
      const out = new Map<string, RawModelUsage[]>();
      for (const r of rows) {
        if (!wanted.has(r.entityRef)) continue;
        out.set(
          r.entityRef,
          mergeModels([...(out.get(r.entityRef) ?? []), r.usage]),
        );
      }
      return out;
    },
  };
}
