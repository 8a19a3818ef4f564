import {
  AutoscalerStatus,
  KedaTrigger,
  KubernetesCondition,
} from '@agentdeck/plugin-agents-common';
import {
  CachedDeployment,
  CachedHpa,
  CachedScaledObject,
} from '../ClusterCache';

const isTrue = (conditions: KubernetesCondition[], type: string) =>
  conditions.some(c => c.type === type && c.status === 'True');

function fromHpa(hpa: CachedHpa): AutoscalerStatus {
  const out: AutoscalerStatus = {
    kind: 'HorizontalPodAutoscaler',
    name: hpa.name,
    namespace: hpa.namespace,
    target: hpa.target,
    minReplicas: hpa.min,
    maxReplicas: hpa.max,
    currentReplicas: hpa.current,
    desiredReplicas: hpa.desired,
    metrics: hpa.metrics,
    conditions: hpa.conditions,
    limited: isTrue(hpa.conditions, 'ScalingLimited'),
  };
  if (hpa.lastScaleTime) out.lastScaleTime = hpa.lastScaleTime;
  return out;
}

/** KEDA keys health by metric name, `s<index>-<type>-...`. */
function healthOf(so: CachedScaledObject, metricName: string, index: number) {
  return (
    so.health[metricName] ??
    Object.entries(so.health).find(([key]) => key.startsWith(`s${index}-`))?.[1]
  );
}

function fromScaledObject(
  so: CachedScaledObject,
  hpa?: CachedHpa,
  target?: CachedDeployment,
): AutoscalerStatus {
  const out: AutoscalerStatus = {
    kind: 'ScaledObject',
    name: so.name,
    namespace: so.namespace,
    target: so.target,
    minReplicas: so.min,
    maxReplicas: so.max,
    currentReplicas: hpa?.current ?? target?.current ?? 0,
    desiredReplicas: hpa?.desired ?? target?.desired ?? 0,
    metrics: so.triggers.map(t => {
      const current = hpa?.metrics.find(m => m.name === t.metricName)?.current;
      return {
        name: t.name,
        source: 'External' as const,
        targetType: 'AverageValue' as const,
        target: t.target ?? '',
        ...(current !== undefined ? { current } : {}),
      };
    }),
    conditions: so.conditions,
    limited: hpa ? isTrue(hpa.conditions, 'ScalingLimited') : false,
    keda: {
      ready: isTrue(so.conditions, 'Ready'),
      active: isTrue(so.conditions, 'Active'),
      fallback: isTrue(so.conditions, 'Fallback'),
      paused: so.paused || isTrue(so.conditions, 'Paused'),
      triggers: so.triggers.map((t, i): KedaTrigger => {
        const h = healthOf(so, t.metricName, i);
        const health =
          h?.status === 'Happy' || h?.status === 'Failing'
            ? h.status
            : 'Unknown';
        return {
          name: t.name,
          type: t.type,
          health,
          numberOfFailures: h?.numberOfFailures ?? 0,
        };
      }),
    },
  };
  const keda = out.keda;
  if (keda && so.pausedReplicas !== undefined)
    keda.pausedReplicas = so.pausedReplicas;
  if (keda && so.hpaName) keda.hpaName = so.hpaName;
  if (keda && so.lastActiveTime) keda.lastActiveTime = so.lastActiveTime;
  if (hpa?.lastScaleTime) out.lastScaleTime = hpa.lastScaleTime;
  return out;
}

/** HPAs and ScaledObjects as the view shows them; the HPA that KEDA creates is folded into its ScaledObject. */
export function toAutoscalers(
  hpas: CachedHpa[],
  scaledObjects: CachedScaledObject[],
  deployments: CachedDeployment[],
  allHpas: CachedHpa[],
): AutoscalerStatus[] {
  const kedaHpa = (so: CachedScaledObject) =>
    allHpas.find(
      h =>
        h.namespace === so.namespace &&
        h.name === (so.hpaName ?? `keda-hpa-${so.name}`),
    );
  const owned = new Set(
    scaledObjects.map(
      so => `${so.namespace}/${so.hpaName ?? `keda-hpa-${so.name}`}`,
    ),
  );
  return [
    ...hpas.filter(h => !owned.has(`${h.namespace}/${h.name}`)).map(fromHpa),
    ...scaledObjects.map(so =>
      fromScaledObject(
        so,
        kedaHpa(so),
        deployments.find(
          d => d.namespace === so.namespace && d.name === so.target.name,
        ),
      ),
    ),
  ];
}
