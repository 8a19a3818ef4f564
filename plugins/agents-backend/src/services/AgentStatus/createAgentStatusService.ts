import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AgentStatusResponse,
  ClusterAgentStatus,
  RescaleEvent,
} from '@agentdeck/plugin-agents-common';
import { AgentStatusService } from '../types';
import { ClusterCache, ClusterSnapshot } from '../ClusterCache';
import { ReadinessService } from '../Readiness';
import {
  selectorFor,
  WorkloadSelector,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR,
} from './selector';
import { toAutoscalers } from './toAutoscalers';
import { toPodStatus, toWorkloadStatus } from './toPodStatus';
import { summarize } from './summarize';
import { toRescaleEvents } from './toRescaleEvents';
import { notVisibleFor } from './notVisible';

/** Candidates from the label index when the selector pins a kubernetes-id; else everything. */
function candidates(snap: ClusterSnapshot, sel: WorkloadSelector) {
  return sel.kubernetesId === undefined || !snap.withKubernetesId
    ? snap
    : snap.withKubernetesId(sel.kubernetesId);
}

function forCluster(
  entity: Entity,
  snap: ClusterSnapshot,
  sel: WorkloadSelector,
  readiness: ReadinessService,
): ClusterAgentStatus {
  const mine = candidates(snap, sel);
  const deployments = mine.deployments.filter(sel.matches);
  const hpas = mine.hpas.filter(sel.matches);
  const out: ClusterAgentStatus = {
    cluster: snap.cluster,
    workloads: deployments.map(toWorkloadStatus),
    pods: mine.pods
      .filter(sel.matches)
      .map(p =>
        toPodStatus(p, readiness.get(snap.cluster, p.namespace, p.name)),
      )
      .sort((a, b) => a.name.localeCompare(b.name)),
    autoscalers: toAutoscalers(
      hpas,
      mine.scaledObjects.filter(sel.matches),
      snap.deployments,
      snap.hpas,
    ),
  };
  if (snap.syncedAt) out.syncedAt = snap.syncedAt;
  if (snap.error) out.error = snap.error;
  if (snap.stale) out.stale = true;
  const notVisible = notVisibleFor(entity, snap, hpas);
  if (notVisible.length) out.notVisible = notVisible;
  return out;
}

function noWorkloads(
  entity: Entity,
  sel: WorkloadSelector,
): AgentStatusResponse['noWorkloads'] {
  const custom = entity.metadata.annotations?.[KUBERNETES_LABEL_SELECTOR];
  const where = sel.namespace ? ` in namespace ${sel.namespace}` : '';
  return custom
    ? {
        annotation: KUBERNETES_LABEL_SELECTOR,
        message: `No workloads match the label selector "${sel.labelSelector}"${where}. Label the Deployment and its pod template to match, or fix the ${KUBERNETES_LABEL_SELECTOR} annotation on the entity.`,
      }
    : {
        annotation: KUBERNETES_ID,
        message: `No workloads carry the label ${sel.labelSelector}${where}. Add that label to the Deployment, its pod template and the HPA, or set the ${KUBERNETES_ID} annotation on the entity to the label value they carry.`,
      };
}

/** Options of {@link createAgentStatusService}. */
export interface AgentStatusServiceOptions {
  cache: ClusterCache;
  readiness: ReadinessService;
}

/** Answers an agent's status from the watch cache and readiness cache alone. */
export function createAgentStatusService({
  cache,
  readiness,
}: AgentStatusServiceOptions): AgentStatusService {
  return {
    async getStatus(entity) {
      const sel = selectorFor(entity);
      const now = new Date();
      const all = cache
        .snapshots()
        .map(s => forCluster(entity, s, sel, readiness));
      const found = (c: ClusterAgentStatus) =>
        c.workloads.length + c.pods.length + c.autoscalers.length > 0;
      // clusters that cannot answer stay listed: the agent may run there
      const clusters = all.filter(
        c => found(c) || c.error || c.stale || !c.syncedAt,
      );
      const { state, reasons } = summarize(clusters, now.getTime());
      const synced = clusters
        .map(c => (c.syncedAt ? Date.parse(c.syncedAt) : NaN))
        .filter(t => !Number.isNaN(t));
      const response: AgentStatusResponse = {
        entityRef: stringifyEntityRef(entity),
        state,
        reasons,
        generatedAt: now.toISOString(),
        selector: {
          labelSelector: sel.labelSelector,
          ...(sel.namespace ? { namespace: sel.namespace } : {}),
        },
        clusters,
      };
      if (synced.length)
        response.dataAgeSeconds = Math.max(
          0,
          Math.round((now.getTime() - Math.min(...synced)) / 1000),
        );
      if (clusters.some(c => c.stale)) response.stale = true;
      if (!all.some(found)) {
        response.noWorkloads = noWorkloads(entity, sel);
        if (state === 'healthy') response.state = 'unknown';
        if (clusters.length === 0) {
          const where = sel.namespace ? ` in namespace ${sel.namespace}` : '';
          response.reasons = [
            all.length
              ? `no workloads found with ${sel.labelSelector}${where} in ${
                  all.length === 1 ? 'cluster' : 'clusters'
                } ${all.map(c => c.cluster).join(', ')}`
              : 'no clusters configured',
          ];
        }
      }
      return response;
    },
    async getRecentEvents(entity) {
      const sel = selectorFor(entity);
      const events: RescaleEvent[] = cache
        .snapshots()
        .flatMap(s => toRescaleEvents(s, sel));
      return events.sort((a, b) => a.at.localeCompare(b.at));
    },
  };
}
