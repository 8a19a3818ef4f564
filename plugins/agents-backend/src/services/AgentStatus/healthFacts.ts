import { Entity } from '@backstage/catalog-model';
import { ClusterCache, ClusterSnapshot } from '../ClusterCache';
import { selectorFor, WorkloadSelector } from './selector';
import { lookupsOf, toAutoscalers } from './toAutoscalers';

/** An autoscaler that wants more replicas than its maximum allows. */
export interface LimitedAutoscaler {
  cluster: string;
  namespace: string;
  name: string;
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  maxReplicas: number;
}

/** The health facts background work acts on, read from the watch cache alone. */
export interface AgentHealthFacts {
  /** False while a cluster has not synced, errs or is stale: what is missing there is unknown. */
  complete: boolean;
  /** Set when pods should run and none is ready, or a pod crash-loops. */
  down?: { notReady: number; pods: number; crashLooping: number };
  /** Autoscalers held at their maximum by the ScalingLimited condition. */
  limitedAtMax: LimitedAutoscaler[];
}

function mine(snap: ClusterSnapshot, sel: WorkloadSelector) {
  const src =
    sel.kubernetesId !== undefined && snap.withKubernetesId
      ? snap.withKubernetesId(sel.kubernetesId)
      : snap;
  return {
    pods: src.pods.filter(sel.matches),
    deployments: src.deployments.filter(sel.matches),
    hpas: src.hpas.filter(sel.matches),
    scaledObjects: src.scaledObjects.filter(sel.matches),
  };
}

/**
 * Reads an agent's health facts without building its status answer (no
 * readiness breakdown, no reasons in words): the same rules as the status
 * service's state, for jobs that run over every agent.
 */
export function createHealthFacts(cache: ClusterCache) {
  return (entity: Entity): AgentHealthFacts => {
    const sel = selectorFor(entity);
    let complete = true;
    let pods = 0;
    let ready = 0;
    let crashLooping = 0;
    let wanted = 0;
    const limitedAtMax: LimitedAutoscaler[] = [];
    for (const snap of cache.snapshots()) {
      if (!snap.syncedAt || snap.error || snap.stale) complete = false;
      const own = mine(snap, sel);
      const live = own.pods.filter(
        p => p.phase !== 'Succeeded' && p.phase !== 'Failed',
      );
      pods += live.length;
      ready += live.filter(p => p.ready).length;
      crashLooping += live.filter(
        p => p.waitingReason === 'CrashLoopBackOff',
      ).length;
      wanted += own.deployments.reduce((n, d) => n + d.desired, 0);
      const autoscalers = toAutoscalers(
        own.hpas,
        own.scaledObjects,
        lookupsOf(snap),
      );
      for (const a of autoscalers) {
        const reason = a.conditions.find(
          c => c.type === 'ScalingLimited',
        )?.reason;
        // held at min (TooFewReplicas) is an idle agent, not a problem
        const atMax =
          reason === 'TooManyReplicas' || a.currentReplicas >= a.maxReplicas;
        if (!a.limited || !atMax) continue;
        const { namespace, name, kind, maxReplicas } = a;
        limitedAtMax.push({
          cluster: snap.cluster,
          namespace,
          name,
          kind,
          maxReplicas,
        });
      }
    }
    const noneReady = ready === 0 && (pods > 0 || wanted > 0);
    const down =
      noneReady || crashLooping > 0
        ? { notReady: pods - ready, pods, crashLooping }
        : undefined;
    return { complete, ...(down ? { down } : {}), limitedAtMax };
  };
}

/** Reads one agent's health facts from the watch cache. */
export type HealthFactsReader = ReturnType<typeof createHealthFacts>;
