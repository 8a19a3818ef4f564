import type { ApiContext } from '../api/context';
import { createObject, deleteObject, updateObject } from '../api/objects';
import { typeOf } from '../api/resources';
import { StatusError } from '../api/status';
import { templateHash } from '../rng';
import type { KubeObject } from '../types';
import type { EventRecorder } from './events';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const RS = typeOf('apps/replicasets');
const POD = typeOf('/pods');
const DEPLOY = typeOf('apps/deployments');
const same = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);
const omitZero = (o: Json) =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== 0 && v !== undefined),
  );

/** Children grouped by their controller owner's uid. */
export function byOwner(objs: KubeObject[]): Map<string, KubeObject[]> {
  const m = new Map<string, KubeObject[]>();
  for (const o of objs) {
    const uid = o.metadata.ownerReferences?.find(r => r.controller)?.uid;
    if (!uid) continue;
    const l = m.get(uid);
    if (l) l.push(o);
    else m.set(uid, [o]);
  }
  return m;
}

// The deployment controller does not copy these onto its ReplicaSets.
const copyable = (a: Record<string, string> | undefined) =>
  Object.fromEntries(
    Object.entries(a ?? {}).filter(
      ([k]) =>
        k !== 'kubectl.kubernetes.io/last-applied-configuration' &&
        !k.startsWith('deployment.kubernetes.io/'),
    ),
  );
const isReady = (p: Json) =>
  (p.status?.conditions ?? []).some(
    (c: Json) => c.type === 'Ready' && c.status === 'True',
  );
const ownerRef = (o: KubeObject, kind: string) => ({
  apiVersion: 'apps/v1',
  kind,
  name: o.metadata.name ?? '',
  uid: o.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

/** The deployment and replicaset controllers, reduced to what the fleet needs. */
export class WorkloadController {
  constructor(
    private readonly ctx: ApiContext,
    private readonly events: EventRecorder,
    private readonly quiet: (o: KubeObject) => boolean,
  ) {}

  reconcileAll() {
    const store = this.ctx.store;
    const rsByOwner = byOwner(store.list(RS.storage));
    for (const d of store.list(DEPLOY.storage))
      this.reconcileDeployment(
        d as Json,
        rsByOwner.get(d.metadata.uid ?? '') ?? [],
      );
    const podsByOwner = byOwner(store.list(POD.storage));
    for (const rs of store.list(RS.storage))
      this.reconcileReplicaSet(
        rs as Json,
        podsByOwner.get(rs.metadata.uid ?? '') ?? [],
      );
    const rsAfter = byOwner(store.list(RS.storage));
    for (const d of store.list(DEPLOY.storage))
      this.deploymentStatus(d as Json, rsAfter.get(d.metadata.uid ?? '') ?? []);
  }

  private reconcileDeployment(d: Json, owned: KubeObject[]) {
    const hash = templateHash(JSON.stringify(d.spec.template));
    const rsName = `${d.metadata.name}-${hash}`;
    let current = owned.find(
      r => r.metadata.labels?.['pod-template-hash'] === hash,
    ) as Json | undefined;
    const desired = d.spec.replicas ?? 1;
    const revision = String(
      owned.length
        ? Math.max(
            ...owned.map(r =>
              Number(
                r.metadata.annotations?.['deployment.kubernetes.io/revision'] ??
                  1,
              ),
            ),
          ) + (current ? 0 : 1)
        : 1,
    );
    if (!current) {
      const labels = {
        ...(d.spec.template.metadata?.labels ?? {}),
        'pod-template-hash': hash,
      };
      current = createObject(
        this.ctx,
        RS,
        {
          metadata: {
            name: rsName,
            labels,
            annotations: {
              ...copyable(d.metadata.annotations),
              'deployment.kubernetes.io/desired-replicas': String(desired),
              'deployment.kubernetes.io/max-replicas': String(desired + 1),
              'deployment.kubernetes.io/revision': revision,
            },
            ownerReferences: [ownerRef(d, 'Deployment')],
          },
          spec: {
            replicas: 0,
            selector: {
              matchLabels: {
                ...(d.spec.selector?.matchLabels ?? {}),
                'pod-template-hash': hash,
              },
            },
            template: {
              ...d.spec.template,
              metadata: { ...d.spec.template.metadata, labels },
            },
          },
        } as KubeObject,
        d.metadata.namespace,
      ).obj as Json;
    }
    this.scaleRs(d, current, desired);
    const newReady = current.status?.readyReplicas ?? 0;
    for (const old of owned) {
      if (
        old.metadata.uid === current.metadata.uid ||
        !(old as Json).spec.replicas
      )
        continue;
      // maxUnavailable 0: old pods go only when the new ones are ready.
      if (newReady >= desired || desired === 0) this.scaleRs(d, old as Json, 0);
    }
  }

  private scaleRs(d: Json, rs: Json, to: number) {
    const from = rs.spec.replicas ?? 0;
    if (from === to) return;
    const annotations = {
      ...rs.metadata.annotations,
      'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1),
      'deployment.kubernetes.io/max-replicas': String(
        (d.spec.replicas ?? 1) + 1,
      ),
    };
    updateObject(
      this.ctx,
      RS,
      {
        ...rs,
        metadata: { ...rs.metadata, annotations, resourceVersion: undefined },
        spec: { ...rs.spec, replicas: to },
      } as KubeObject,
      rs.metadata.namespace,
      rs.metadata.name,
    );
    this.events.record(
      d,
      'Deployment',
      'apps/v1',
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${to > from ? 'up' : 'down'} replica set ${
        rs.metadata.name
      } from ${from} to ${to}`,
      { component: 'deployment-controller' },
    );
  }

  private reconcileReplicaSet(rs: Json, pods: KubeObject[]) {
    const want = rs.spec.replicas ?? 0;
    const live = pods.filter(p => !p.metadata.deletionTimestamp);
    const quiet = this.quiet(rs);
    for (let i = live.length; i < want; i++) {
      try {
        const pod = createObject(
          this.ctx,
          POD,
          {
            metadata: {
              generateName: `${rs.metadata.name}-`,
              labels: rs.spec.template.metadata?.labels,
              ...(rs.spec.template.metadata?.annotations
                ? { annotations: rs.spec.template.metadata.annotations }
                : {}),
              ownerReferences: [ownerRef(rs, 'ReplicaSet')],
            },
            spec: rs.spec.template.spec,
          } as KubeObject,
          rs.metadata.namespace,
        ).obj;
        if (!quiet)
          this.events.record(
            rs,
            'ReplicaSet',
            'apps/v1',
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${pod.metadata.name}`,
            { component: 'replicaset-controller' },
          );
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        this.events.record(
          rs,
          'ReplicaSet',
          'apps/v1',
          'Warning',
          'FailedCreate',
          `Error creating: ${e.body.message}`,
          { component: 'replicaset-controller' },
        );
        break;
      }
    }
    if (live.length > want) {
      const victims = [...live]
        .sort(
          (a, b) =>
            Number(isReady(a)) - Number(isReady(b)) ||
            String(b.metadata.creationTimestamp).localeCompare(
              String(a.metadata.creationTimestamp),
            ),
        )
        .slice(0, live.length - want);
      for (const p of victims) {
        deleteObject(
          this.ctx,
          POD,
          p.metadata.namespace,
          p.metadata.name ?? '',
        );
        this.events.record(
          rs,
          'ReplicaSet',
          'apps/v1',
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${p.metadata.name}`,
          { component: 'replicaset-controller' },
        );
      }
    }
    const ready = live.filter(isReady).length;
    const status = omitZero({
      replicas: Math.min(live.length, Math.max(want, live.length)),
      fullyLabeledReplicas: live.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    });
    if (!same(status, rs.status ?? {}))
      this.ctx.store.put(RS.storage, { ...rs, status } as KubeObject);
  }

  private deploymentStatus(d: Json, owned: KubeObject[]) {
    const now = new Date(this.ctx.now())
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const hash = templateHash(JSON.stringify(d.spec.template));
    const sum = (f: (s: Json) => number) =>
      owned.reduce((a, r) => a + f((r as Json).status ?? {}), 0);
    const replicas = sum(s => s.replicas ?? 0);
    const updated =
      (
        owned.find(r => r.metadata.labels?.['pod-template-hash'] === hash) as
          | Json
          | undefined
      )?.status?.replicas ?? 0;
    const ready = sum(s => s.readyReplicas ?? 0);
    const desired = d.spec.replicas ?? 1;
    const maxUnavailable = d.spec.strategy?.rollingUpdate?.maxUnavailable;
    const minAvailable =
      desired -
      (typeof maxUnavailable === 'number'
        ? maxUnavailable
        : Math.floor(
            (desired * parseInt(String(maxUnavailable ?? '25'), 10)) / 100,
          ));
    const available = ready >= minAvailable;
    const prev: Json[] = d.status?.conditions ?? [];
    const cond = (
      type: string,
      status: string,
      reason: string,
      message: string,
    ) => {
      const p = prev.find(c => c.type === type);
      const unchanged = p && p.status === status && p.reason === reason;
      return {
        type,
        status,
        lastUpdateTime: unchanged ? p.lastUpdateTime : now,
        lastTransitionTime:
          p && p.status === status ? p.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const rsName = `${d.metadata.name}-${hash}`;
    const complete =
      updated === desired && ready === desired && replicas === desired;
    const status = {
      observedGeneration: d.metadata.generation,
      ...omitZero({
        replicas,
        updatedReplicas: updated,
        readyReplicas: ready,
        availableReplicas: ready,
        unavailableReplicas: Math.max(0, desired - ready),
      }),
      conditions: [
        available
          ? cond(
              'Available',
              'True',
              'MinimumReplicasAvailable',
              'Deployment has minimum availability.',
            )
          : cond(
              'Available',
              'False',
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
            ),
        complete
          ? cond(
              'Progressing',
              'True',
              'NewReplicaSetAvailable',
              `ReplicaSet "${rsName}" has successfully progressed.`,
            )
          : cond(
              'Progressing',
              'True',
              'ReplicaSetUpdated',
              `ReplicaSet "${rsName}" is progressing.`,
            ),
      ],
    };
    const revision =
      owned.find(r => r.metadata.labels?.['pod-template-hash'] === hash)
        ?.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '1';
    const annotations = {
      ...(d.metadata.annotations ?? {}),
      'deployment.kubernetes.io/revision': revision,
    };
    if (
      !same(status, d.status ?? {}) ||
      !same(annotations, d.metadata.annotations ?? {})
    )
      this.ctx.store.put(DEPLOY.storage, {
        ...d,
        metadata: { ...d.metadata, annotations },
        status,
      } as KubeObject);
  }
}
