import {
  AutoscalerStatus,
  KedaTrigger,
  KubernetesCondition,
} from '@agentdeck/plugin-agents-common';
import {
  CachedDeployment,
  CachedHpa,
  CachedScaledObject,
  ClusterSnapshot,
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

/** Finds the objects a ScaledObject points at: KEDA's HPA and the scaled Deployment. */
export interface AutoscalerLookups {
  hpa(namespace: string, name: string): CachedHpa | undefined;
  deployment(namespace: string, name: string): CachedDeployment | undefined;
}

/** The name of the HPA that KEDA creates for a ScaledObject. */
export const kedaHpaName = (so: CachedScaledObject) =>
  so.hpaName ?? `keda-hpa-${so.name}`;

/** HPAs and ScaledObjects as the view shows them; the HPA that KEDA creates is folded into its ScaledObject. */
export function toAutoscalers(
  hpas: CachedHpa[],
  scaledObjects: CachedScaledObject[],
  find: AutoscalerLookups,
): AutoscalerStatus[] {
  const owned = new Set(
    scaledObjects.map(so => `${so.namespace}/${kedaHpaName(so)}`),
  );
  return [
    ...hpas.filter(h => !owned.has(`${h.namespace}/${h.name}`)).map(fromHpa),
    ...scaledObjects.map(so =>
      fromScaledObject(
        so,
        find.hpa(so.namespace, kedaHpaName(so)),
        find.deployment(so.namespace, so.target.name),
      ),
    ),
  ];
}

/** Lookups by name in one cluster's cache: from its maps when it has them, else by a scan. */
export function lookupsOf(snap: ClusterSnapshot): AutoscalerLookups {
  const byName =
    (ns: string, name: string) => (o: { namespace: string; name: string }) =>
      o.namespace === ns && o.name === name;
  return {
    hpa: (ns, name) =>
      snap.getHpa ? snap.getHpa(ns, name) : snap.hpas.find(byName(ns, name)),
    deployment: (ns, name) =>
      snap.getDeployment
        ? snap.getDeployment(ns, name)
        : snap.deployments.find(byName(ns, name)),
  };
}
