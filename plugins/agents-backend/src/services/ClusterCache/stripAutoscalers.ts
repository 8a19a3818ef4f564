import { arr, conditions, Json, meta, num, obj, str } from './json';
import { CachedHpa, CachedMetric, CachedScaledObject } from './types';

type Source = CachedMetric['source'];
const SOURCES: Record<string, { key: string; source: Source }> = {
  Pods: { key: 'pods', source: 'Pods' },
  Resource: { key: 'resource', source: 'Resource' },
  External: { key: 'external', source: 'External' },
  Object: { key: 'object', source: 'Object' },
  ContainerResource: { key: 'containerResource', source: 'ContainerResource' },
};

function metricName(block: Json): string {
  return str(obj(block.metric).name) ?? str(block.name) ?? '';
}

/** "5267m" reads better as "5.267"; other quantities (Mi, plain numbers) stay as sent. */
function quantity(value: string | undefined): string | undefined {
  const milli = value && /^(\d+)m$/.exec(value);
  return milli ? String(Number(milli[1]) / 1000) : value;
}

function valueOf(target: Json): {
  targetType: CachedMetric['targetType'];
  value?: string;
} {
  if (
    target.averageUtilization !== undefined ||
    target.type === 'Utilization'
  ) {
    const v = str(target.averageUtilization);
    return {
      targetType: 'Utilization',
      value: v === undefined ? undefined : `${v}%`,
    };
  }
  if (target.averageValue !== undefined || target.type === 'AverageValue') {
    return {
      targetType: 'AverageValue',
      value: quantity(str(target.averageValue)),
    };
  }
  return { targetType: 'Value', value: quantity(str(target.value)) };
}

/** HPA metrics joined by type and name: currentMetrics has no fixed order and may be `{"type":""}` placeholders. */
function hpaMetrics(spec: Json, status: Json): CachedMetric[] {
  const currents = arr(status.currentMetrics).map(obj);
  return arr(spec.metrics).flatMap(raw => {
    const m = obj(raw);
    const kind = SOURCES[str(m.type) ?? ''];
    if (!kind) return [];
    const block = obj(m[kind.key]);
    const name = metricName(block);
    const target = valueOf(obj(block.target));
    const cur = currents.find(
      c => c.type === m.type && metricName(obj(c[kind.key])) === name,
    );
    const out: CachedMetric = {
      name,
      source: kind.source,
      targetType: target.targetType,
      target: target.value ?? '',
    };
    if (cur) {
      const current = valueOf({
        ...obj(obj(cur[kind.key]).current),
        type: target.targetType,
      });
      if (current.value !== undefined) out.current = current.value;
    }
    return [out];
  });
}

/** Strips an autoscaling/v2 HorizontalPodAutoscaler. */
export function stripHpa(raw: Json): CachedHpa {
  const spec = obj(raw.spec);
  const status = obj(raw.status);
  const ref = obj(spec.scaleTargetRef);
  const hpa: CachedHpa = {
    ...meta(raw),
    target: { kind: str(ref.kind) ?? 'Deployment', name: str(ref.name) ?? '' },
    min: num(spec.minReplicas, 1),
    max: num(spec.maxReplicas, 1),
    current: num(status.currentReplicas, 0),
    desired: num(status.desiredReplicas, 0),
    metrics: hpaMetrics(spec, status),
    conditions: conditions(status.conditions),
  };
  const last = str(status.lastScaleTime);
  if (last) hpa.lastScaleTime = last;
  return hpa;
}

/** Trigger metadata keys that are thresholds; everything else (addresses, hosts, queries) is dropped. */
const THRESHOLD_KEYS = [
  'listLength',
  'lagThreshold',
  'threshold',
  'targetValue',
  'value',
  'queueLength',
  'pendingEntriesCount',
  'desiredReplicas',
];

/** Strips a keda.sh/v1alpha1 ScaledObject. */
export function stripScaledObject(raw: Json): CachedScaledObject {
  const m = obj(raw.metadata);
  const annotations = obj(m.annotations);
  const spec = obj(raw.spec);
  const status = obj(raw.status);
  const ref = obj(spec.scaleTargetRef);
  const health: CachedScaledObject['health'] = {};
  for (const [key, h] of Object.entries(obj(status.health))) {
    health[key] = {
      status: str(obj(h).status) ?? 'Unknown',
      numberOfFailures: num(obj(h).numberOfFailures, 0),
    };
  }
  const pausedReplicas = Number(
    annotations['autoscaling.keda.sh/paused-replicas'],
  );
  const so: CachedScaledObject = {
    ...meta(raw),
    target: { kind: str(ref.kind) ?? 'Deployment', name: str(ref.name) ?? '' },
    min: num(spec.minReplicaCount, 0),
    max: num(spec.maxReplicaCount, 100),
    triggers: arr(spec.triggers).map((t, i) => {
      const trigger = obj(t);
      const md = obj(trigger.metadata);
      const type = str(trigger.type) ?? '';
      const key = THRESHOLD_KEYS.find(k => md[k] !== undefined);
      return {
        name: str(trigger.name) ?? `${type}-${i}`,
        type,
        metricName: str(arr(status.externalMetricNames)[i]) ?? `s${i}-${type}`,
        target: key ? str(md[key]) : undefined,
      };
    }),
    health,
    conditions: conditions(status.conditions),
    paused:
      annotations['autoscaling.keda.sh/paused'] === 'true' ||
      Number.isFinite(pausedReplicas),
  };
  if (Number.isFinite(pausedReplicas)) so.pausedReplicas = pausedReplicas;
  const hpaName = str(status.hpaName);
  if (hpaName) so.hpaName = hpaName;
  const lastActive = str(status.lastActiveTime);
  if (lastActive) so.lastActiveTime = lastActive;
  return so;
}
