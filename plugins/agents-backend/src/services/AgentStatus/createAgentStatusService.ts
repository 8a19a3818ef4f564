import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AgentStatusResponse,
  ClusterAgentStatus,
  RescaleEvent,
} from '@agentdeck/plugin-agents-common';
import { AgentModel, AgentStatusService } from '../types';
import { ClusterCache, ClusterSnapshot } from '../ClusterCache';
import { ReadinessService } from '../Readiness';
import {
  selectorFor,
  WorkloadSelector,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR,
  KUBERNETES_NAMESPACE,
} from './selector';
import { kedaHpaName, lookupsOf, toAutoscalers } from './toAutoscalers';
import { toPodStatus, toWorkloadStatus } from './toPodStatus';
import { summarize } from './summarize';
import { toRescaleEvents } from './toRescaleEvents';
import { notVisibleFor } from './notVisible';

/** Candidates from the label index when the selector pins a kubernetes-id; else everything. */
export function candidates(snap: ClusterSnapshot, sel: WorkloadSelector) {
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
      lookupsOf(snap),
    ),
  };
  if (snap.syncedAt) out.syncedAt = snap.syncedAt;
  if (snap.error) out.error = snap.error;
  if (snap.stale) out.stale = true;
  const notVisible = notVisibleFor(entity, snap, hpas);
  if (notVisible.length) out.notVisible = notVisible;
  return out;
}

/**
 * Walks what the agent's model is computed from, in a fixed order, handing
 * each input to `see`; `see` returning false stops the walk. Inputs are
 * compared by identity: the cache keeps an agent's arrays (and the readiness
 * cache its answers) until they change, so equal inputs mean the model would
 * come out the same. Returns false when the model must be computed afresh: a
 * selector without a pinned kubernetes-id reads whole clusters, and a stale
 * cluster's reason counts seconds.
 */
function walkInputs(
  entity: Entity,
  sel: WorkloadSelector,
  snaps: ClusterSnapshot[],
  readiness: ReadinessService,
  see: (input: unknown) => boolean,
): boolean {
  const id = sel.kubernetesId;
  if (id === undefined) return false;
  const scaling = (entity.spec as { scaling?: { mode?: unknown } } | undefined)
    ?.scaling?.mode;
  if (!see(sel.labelSelector) || !see(sel.namespace) || !see(scaling))
    return false;
  for (const snap of snaps) {
    if (!snap.withKubernetesId || snap.stale) return false;
    const mine = snap.withKubernetesId(id);
    if (
      !see(snap.cluster) ||
      !see(snap.inSync ? true : snap.syncedAt) ||
      !see(snap.error?.kind) ||
      !see(snap.error?.message) ||
      !see(snap.notVisible?.length ?? 0) ||
      !see(mine.pods) ||
      !see(mine.deployments) ||
      !see(mine.hpas) ||
      !see(mine.scaledObjects) ||
      !(snap.notVisible ?? []).every(n => see(n.message))
    )
      return false;
    if (mine.scaledObjects.length) {
      const find = lookupsOf(snap);
      for (const so of mine.scaledObjects)
        if (
          !see(find.hpa(so.namespace, kedaHpaName(so))) ||
          !see(find.deployment(so.namespace, so.target.name))
        )
          return false;
    }
    if (readiness.revision) {
      if (!see(readiness.revision(snap.cluster, id))) return false;
    } else {
      for (const p of mine.pods)
        if (!see(readiness.get(snap.cluster, p.namespace, p.name)))
          return false;
    }
  }
  return true;
}

/** True when the walk sees exactly `kept`, allocating nothing. */
function sameInputs(
  walk: (see: (x: unknown) => boolean) => boolean,
  kept: unknown[],
) {
  let i = 0;
  return walk(x => i < kept.length && kept[i++] === x) && i === kept.length;
}

/** The walk's inputs, or undefined when the model is not to be kept. */
function collectInputs(walk: (see: (x: unknown) => boolean) => boolean) {
  const inputs: unknown[] = [];
  const kept = walk(x => {
    inputs.push(x);
    return true;
  });
  return kept ? inputs : undefined;
}

/**
 * Ready pods and desired replicas over the clusters. Ready is counted from the
 * pods, as the state is, so a row never reads "3/3" beside "3 of 3 pods not
 * ready" while a Deployment's status lags behind its pods.
 */
export function countReplicas(clusters: ClusterAgentStatus[]) {
  const live = clusters
    .flatMap(c => c.pods)
    .filter(p => p.phase !== 'Succeeded' && p.phase !== 'Failed');
  return {
    readyPods: live.filter(p => p.ready).length,
    desiredReplicas: clusters
      .flatMap(c => c.workloads)
      .reduce((n, w) => n + w.desired, 0),
  };
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
  const models = new Map<
    string,
    { inputs: unknown[]; model: AgentModel; usedAt: number }
  >();
  let reads = 0;
  // parsing an entity's selector costs more than reusing its model
  const selectors = new Map<string, WorkloadSelector>();
  const selectorOf = (entity: Entity) => {
    const a = entity.metadata.annotations ?? {};
    const key = [
      entity.metadata.name,
      a[KUBERNETES_ID],
      a[KUBERNETES_LABEL_SELECTOR],
      a[KUBERNETES_NAMESPACE],
    ].join('\n');
    let sel = selectors.get(key);
    if (!sel) {
      if (selectors.size > 100_000) selectors.clear();
      sel = selectorFor(entity);
      selectors.set(key, sel);
    }
    return sel;
  };

  function computeModel(
    entity: Entity,
    sel: WorkloadSelector,
    snaps: ClusterSnapshot[],
  ): AgentModel {
    const all = snaps.map(s => forCluster(entity, s, sel, readiness));
    const found = (c: ClusterAgentStatus) =>
      c.workloads.length + c.pods.length + c.autoscalers.length > 0;
    // clusters that cannot answer stay listed: the agent may run there
    const clusters = all.filter(
      c => found(c) || c.error || c.stale || !c.syncedAt,
    );
    const model: AgentModel = {
      entityRef: stringifyEntityRef(entity),
      ...summarize(clusters, Date.now()),
      clusters,
      ...countReplicas(clusters),
      selector: {
        labelSelector: sel.labelSelector,
        ...(sel.namespace ? { namespace: sel.namespace } : {}),
      },
    };
    if (!all.some(found)) {
      model.noWorkloads = noWorkloads(entity, sel);
      if (model.state === 'healthy') model.state = 'unknown';
      if (clusters.length === 0) {
        const where = sel.namespace ? ` in namespace ${sel.namespace}` : '';
        model.reasons = [
          all.length
            ? `no workloads found with ${sel.labelSelector}${where} in ${
                all.length === 1 ? 'cluster' : 'clusters'
              } ${all.map(c => c.cluster).join(', ')}`
            : 'no clusters configured',
        ];
      }
    }
    return model;
  }

  function getModel(entity: Entity): AgentModel {
    const sel = selectorOf(entity);
    const snaps = cache.snapshots();
    const walk = (see: (x: unknown) => boolean) =>
      walkInputs(entity, sel, snaps, readiness, see);
    const entityRef = stringifyEntityRef(entity);
    const now = Date.now();
    const kept = models.get(entityRef);
    if (kept && sameInputs(walk, kept.inputs)) {
      kept.usedAt = now;
      return kept.model;
    }
    const model = computeModel(entity, sel, snaps);
    const inputs = collectInputs(walk);
    if (inputs) models.set(entityRef, { inputs, model, usedAt: now });
    else models.delete(entityRef);
    // agents nobody asked about for ten minutes (gone from the catalog) are dropped
    if (++reads % 10_000 === 0) {
      for (const [ref, m] of models)
        if (now - m.usedAt > 600_000) models.delete(ref);
    }
    return model;
  }

  return {
    getModel,
    async getStatus(entity) {
      const model = getModel(entity);
      const now = new Date();
      const syncedAtOf = new Map(
        cache.snapshots().map(s => [s.cluster, s.syncedAt]),
      );
      // the model keeps the sync times it was computed with; the answer says the current ones
      const clusters = model.clusters.map(c => {
        const syncedAt = syncedAtOf.get(c.cluster);
        return syncedAt && syncedAt !== c.syncedAt ? { ...c, syncedAt } : c;
      });
      const response: AgentStatusResponse = {
        entityRef: model.entityRef,
        state: model.state,
        reasons: model.reasons,
        generatedAt: now.toISOString(),
        selector: model.selector,
        clusters,
      };
      const synced = clusters
        .map(c => (c.syncedAt ? Date.parse(c.syncedAt) : NaN))
        .filter(t => !Number.isNaN(t));
      if (synced.length)
        response.dataAgeSeconds = Math.max(
          0,
          Math.round((now.getTime() - Math.min(...synced)) / 1000),
        );
      if (clusters.some(c => c.stale)) response.stale = true;
      if (model.noWorkloads) response.noWorkloads = model.noWorkloads;
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
