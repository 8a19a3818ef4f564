import type { ApiContext } from '../api/context';
import { updateObject } from '../api/objects';
import { typeOf } from '../api/resources';
import { rfc3339 } from '../rng';
import type { KubeObject } from '../types';
import type { EventRecorder } from './events';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const HPA = typeOf('autoscaling/horizontalpodautoscalers');
const DEPLOY = typeOf('apps/deployments');

/** Kubernetes quantity for a metric value ("4", "3500m"). */
export const quantity = (v: number) =>
  Number.isInteger(v) ? String(v) : `${Math.round(v * 1000)}m`;
const parseQuantity = (q: unknown) => {
  const s = String(q ?? '0');
  return s.endsWith('m') ? Number(s.slice(0, -1)) / 1000 : Number(s);
};

/** Metric readings the HPA can get: per-pod averages and external metric totals. */
export interface MetricSource {
  podsAverage(
    namespace: string,
    deployment: string,
    metric: string,
  ): number | undefined;
  external(
    namespace: string,
    metric: string,
    selector: Record<string, string>,
  ): number | undefined;
}

/** The horizontal-pod-autoscaler controller (autoscaling/v2 semantics, simplified). */
export class HpaController {
  private readonly history = new Map<
    string,
    Array<{ t: number; desired: number }>
  >();
  private readonly scaleEvents = new Map<
    string,
    Array<{ t: number; delta: number }>
  >();

  constructor(
    private readonly ctx: ApiContext,
    private readonly events: EventRecorder,
    private readonly metrics: MetricSource,
    private readonly t: () => number,
  ) {}

  reconcileAll() {
    for (const h of this.ctx.store.list(HPA.storage)) this.reconcile(h as Json);
  }

  private reconcile(h: Json) {
    const t = this.t();
    const now = rfc3339(this.ctx.now());
    const ns = h.metadata.namespace;
    const key = `${ns}/${h.metadata.name}`;
    const ref = h.spec.scaleTargetRef ?? {};
    const d = this.ctx.store.get(DEPLOY.storage, ns, ref.name) as
      | Json
      | undefined;
    const prev: Json[] = h.status?.conditions ?? [];
    const cond = (
      type: string,
      status: string,
      reason: string,
      message: string,
    ) => {
      const p = prev.find(c => c.type === type);
      return {
        type,
        status,
        lastTransitionTime:
          p && p.status === status ? p.lastTransitionTime : now,
        reason,
        message,
      };
    };
    if (!d) {
      return this.write(h, {
        currentReplicas: 0,
        desiredReplicas: 0,
        conditions: [
          cond(
            'AbleToScale',
            'False',
            'FailedGetScale',
            `the HPA controller was unable to get the target's current scale: deployments/scale.apps "${ref.name}" not found`,
          ),
        ],
      });
    }
    const current = d.spec.replicas ?? 1;
    const min = h.spec.minReplicas ?? 1;
    const max = h.spec.maxReplicas;
    const currentMetrics: Json[] = [];
    let desired = 0;
    let reasonMetric = '';
    let failed: string | undefined;
    for (const m of h.spec.metrics ?? []) {
      if (m.type === 'Pods') {
        const v = this.metrics.podsAverage(ns, ref.name, m.pods.metric.name);
        if (v === undefined) {
          failed = `unable to get metric ${m.pods.metric.name}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
          currentMetrics.push({ type: '' });
          continue;
        }
        const target = parseQuantity(m.pods.target.averageValue);
        const want =
          Math.abs(v / target - 1) <= 0.1
            ? current
            : Math.ceil((current * v) / target);
        if (want > desired)
          [desired, reasonMetric] = [want, `pods metric ${m.pods.metric.name}`];
        currentMetrics.push({
          type: 'Pods',
          pods: {
            metric: { name: m.pods.metric.name },
            current: { averageValue: quantity(Math.round(v * 1000) / 1000) },
          },
        });
      } else if (m.type === 'External') {
        const sel = m.external.metric.selector?.matchLabels ?? {};
        const total = this.metrics.external(ns, m.external.metric.name, sel);
        if (total === undefined) {
          failed = `unable to get external metric ${ns}/${m.external.metric.name}/&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: no metrics returned from external metrics API`;
          currentMetrics.push({ type: '' });
          continue;
        }
        const target = parseQuantity(m.external.target.averageValue);
        const avg = total / Math.max(1, current);
        const want =
          Math.abs(avg / target - 1) <= 0.1
            ? current
            : Math.ceil(total / target);
        const labels = Object.entries(sel)
          .map(([k, v]) => `${k}: ${v},`)
          .join('');
        if (want > desired)
          [desired, reasonMetric] = [
            want,
            `external metric ${m.external.metric.name}(&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{},})`,
          ];
        currentMetrics.push({
          type: 'External',
          external: {
            metric: {
              name: m.external.metric.name,
              selector: m.external.metric.selector,
            },
            current: { averageValue: quantity(Math.round(avg * 1000) / 1000) },
          },
        });
      } else currentMetrics.push({ type: '' });
    }
    if (failed && !reasonMetric) {
      return this.write(h, {
        currentReplicas: current,
        desiredReplicas: 0,
        currentMetrics,
        conditions: [
          cond(
            'AbleToScale',
            'True',
            'SucceededGetScale',
            "the HPA controller was able to get the target's current scale",
          ),
          cond(
            'ScalingActive',
            'False',
            'FailedGetPodsMetric',
            `the HPA was unable to compute the replica count: ${failed}`,
          ),
        ],
      });
    }
    const hist = this.history.get(key) ?? [];
    hist.push({ t, desired });
    const upWin = h.spec.behavior?.scaleUp?.stabilizationWindowSeconds ?? 0;
    const downWin =
      h.spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? 300;
    this.history.set(
      key,
      hist.filter(r => t - r.t <= Math.max(upWin, downWin)),
    );
    const upMin = Math.min(
      ...hist.filter(r => t - r.t <= upWin).map(r => r.desired),
    );
    const downMax = Math.max(
      ...hist.filter(r => t - r.t <= downWin).map(r => r.desired),
    );
    let next = current;
    if (upMin > current) next = upMin;
    else if (downMax < current) next = downMax;
    const stabilized = next !== desired && desired < current;
    next = this.rateLimit(h, key, current, next, t);
    const limitedHigh = desired > max;
    const limitedLow = desired < min;
    next = Math.min(max, Math.max(min, next));
    const conditions: Json[] = [];
    if (next !== current)
      conditions.push(
        cond(
          'AbleToScale',
          'True',
          'SucceededRescale',
          `the HPA controller was able to update the target scale to ${next}`,
        ),
      );
    else if (stabilized)
      conditions.push(
        cond(
          'AbleToScale',
          'True',
          'ScaleDownStabilized',
          'recent recommendations were higher than current one, applying the highest recent recommendation',
        ),
      );
    else
      conditions.push(
        cond(
          'AbleToScale',
          'True',
          'ReadyForNewScale',
          'recommended size matches current size',
        ),
      );
    conditions.push(
      cond(
        'ScalingActive',
        'True',
        'ValidMetricFound',
        `the HPA was able to successfully calculate a replica count from ${
          reasonMetric || 'pods metric agent_active_requests'
        }`,
      ),
    );
    if (limitedHigh)
      conditions.push(
        cond(
          'ScalingLimited',
          'True',
          'TooManyReplicas',
          'the desired replica count is more than the maximum replica count',
        ),
      );
    else if (limitedLow)
      conditions.push(
        cond(
          'ScalingLimited',
          'True',
          'TooFewReplicas',
          'the desired replica count is less than the minimum replica count',
        ),
      );
    else
      conditions.push(
        cond(
          'ScalingLimited',
          'False',
          'DesiredWithinRange',
          'the desired count is within the acceptable range',
        ),
      );
    let lastScaleTime = h.status?.lastScaleTime;
    if (next !== current) {
      updateObject(
        this.ctx,
        DEPLOY,
        {
          ...d,
          metadata: { ...d.metadata, resourceVersion: undefined },
          spec: { ...d.spec, replicas: next },
        } as KubeObject,
        ns,
        d.metadata.name,
      );
      lastScaleTime = now;
      const why =
        next > current
          ? `${reasonMetric} above target`
          : 'All metrics below target';
      this.events.record(
        h,
        'HorizontalPodAutoscaler',
        'autoscaling/v2',
        'Normal',
        'SuccessfulRescale',
        `New size: ${next}; reason: ${why}`,
        { component: 'horizontal-pod-autoscaler' },
      );
      const se = this.scaleEvents.get(key) ?? [];
      se.push({ t, delta: next - current });
      this.scaleEvents.set(key, se);
    }
    return this.write(h, {
      ...(lastScaleTime ? { lastScaleTime } : {}),
      currentReplicas: current,
      desiredReplicas: next,
      currentMetrics,
      conditions,
    });
  }

  /** Applies the behavior policies (Pods / Percent per period, selectPolicy). */
  private rateLimit(
    h: Json,
    key: string,
    current: number,
    next: number,
    t: number,
  ): number {
    const up = next > current;
    const rules = up ? h.spec.behavior?.scaleUp : h.spec.behavior?.scaleDown;
    const policies: Json[] =
      rules?.policies ??
      (up
        ? [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ]
        : [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
    if (rules?.selectPolicy === 'Disabled') return current;
    const recent = (period: number) =>
      (this.scaleEvents.get(key) ?? [])
        .filter(e => t - e.t < period && (up ? e.delta > 0 : e.delta < 0))
        .reduce((a, e) => a + Math.abs(e.delta), 0);
    const allowances = policies.map(p =>
      Math.max(
        0,
        (p.type === 'Pods' ? p.value : Math.ceil((current * p.value) / 100)) -
          recent(p.periodSeconds),
      ),
    );
    const pickMax = (rules?.selectPolicy ?? 'Max') === 'Max';
    const allowed = pickMax ? Math.max(...allowances) : Math.min(...allowances);
    return up
      ? Math.min(next, current + allowed)
      : Math.max(next, current - allowed);
  }

  private write(h: Json, status: Json) {
    const strip = (s: Json) =>
      JSON.stringify({
        ...s,
        conditions: (s.conditions ?? []).map((c: Json) => ({
          ...c,
          lastTransitionTime: undefined,
        })),
      });
    if (strip(status) === strip(h.status ?? {})) return;
    this.ctx.store.put(HPA.storage, { ...h, status } as KubeObject);
  }
}
