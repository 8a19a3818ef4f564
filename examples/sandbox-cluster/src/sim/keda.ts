import type { ApiContext } from '../api/context';
import { createObject, deleteObject, updateObject } from '../api/objects';
import { typeOf } from '../api/resources';
import { rfc3339 } from '../rng';
import type { KubeObject } from '../types';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const SO = typeOf('keda.sh/scaledobjects');
const HPA = typeOf('autoscaling/horizontalpodautoscalers');
const DEPLOY = typeOf('apps/deployments');

/** KEDA's metric name for trigger i: s<i>-<type>-<list/stream>. */
export function kedaMetricName(so: Json, i: number): string {
  const tr = so.spec.triggers?.[i] ?? {};
  const m = tr.metadata ?? {};
  const suffix =
    (
      { redis: m.listName, 'nats-jetstream': m.stream } as Record<
        string,
        string | undefined
      >
    )[tr.type] ?? tr.type;
  return `s${i}-${tr.type}-${suffix ?? 'metric'}`.replace(
    /[^a-zA-Z0-9-]/g,
    '-',
  );
}

const targetOf = (tr: Json) =>
  Number(
    tr?.metadata?.listLength ??
      tr?.metadata?.lagThreshold ??
      tr?.metadata?.threshold ??
      5,
  );

/** Reads what a trigger sees; undefined when the scaler fails. */
export type TriggerReader = (
  namespace: string,
  target: string,
  t: number,
) => number | undefined;

/** The KEDA operator: ScaledObject status, the keda-hpa-* HPA, pause and fallback. */
export class KedaController {
  private readonly failures = new Map<string, number>();
  constructor(
    private readonly ctx: ApiContext,
    private readonly read: TriggerReader,
    private readonly t: () => number,
  ) {}

  /** The external metric value KEDA's metrics server would return for the HPA. */
  external(
    ns: string,
    _metric: string,
    selector: Record<string, string>,
  ): number | undefined {
    const so = this.ctx.store.get(
      SO.storage,
      ns,
      selector['scaledobject.keda.sh/name'] ?? '',
    ) as Json | undefined;
    if (!so) return undefined;
    const value = this.read(ns, so.spec.scaleTargetRef?.name, this.t());
    const fb = so.spec.fallback;
    if (value === undefined)
      return fb &&
        (this.failures.get(`${ns}/${so.metadata.name}`) ?? 0) >=
          fb.failureThreshold
        ? fb.replicas * targetOf(so.spec.triggers?.[0])
        : undefined;
    return value;
  }

  reconcileAll() {
    for (const so of this.ctx.store.list(SO.storage))
      this.reconcile(so as Json);
  }

  private reconcile(so: Json) {
    const ns = so.metadata.namespace;
    const name = so.metadata.name;
    const key = `${ns}/${name}`;
    const now = rfc3339(this.ctx.now());
    const hpaName = `keda-hpa-${name}`;
    const target = so.spec.scaleTargetRef?.name;
    const d = this.ctx.store.get(DEPLOY.storage, ns, target) as
      | Json
      | undefined;
    const ann = so.metadata.annotations ?? {};
    const pausedReplicas = ann['autoscaling.keda.sh/paused-replicas'];
    const paused =
      ann['autoscaling.keda.sh/paused'] === 'true' ||
      pausedReplicas !== undefined;
    const metricName = kedaMetricName(so, 0);
    const value = this.read(ns, target, this.t());
    const failures =
      value === undefined ? (this.failures.get(key) ?? 0) + 1 : 0;
    this.failures.set(key, failures);
    const fb = so.spec.fallback;
    const fallback = !!fb && failures >= fb.failureThreshold;
    const activation = Number(
      so.spec.triggers?.[0]?.metadata?.activationListLength ??
        so.spec.triggers?.[0]?.metadata?.activationLagThreshold ??
        0,
    );
    const active = value !== undefined && value > activation;
    const hpa = this.ctx.store.get(HPA.storage, ns, hpaName);
    if (paused) {
      if (hpa) deleteObject(this.ctx, HPA, ns, hpaName);
      if (
        d &&
        pausedReplicas !== undefined &&
        d.spec.replicas !== Number(pausedReplicas)
      )
        updateObject(
          this.ctx,
          DEPLOY,
          {
            ...d,
            metadata: { ...d.metadata, resourceVersion: undefined },
            spec: { ...d.spec, replicas: Number(pausedReplicas) },
          } as KubeObject,
          ns,
          target,
        );
    } else if (!hpa && d) {
      createObject(
        this.ctx,
        HPA,
        {
          metadata: {
            name: hpaName,
            labels: {
              'app.kubernetes.io/managed-by': 'keda-operator',
              'app.kubernetes.io/name': hpaName,
              'app.kubernetes.io/part-of': name,
              'app.kubernetes.io/version': '2.16.1',
              'scaledobject.keda.sh/name': name,
              ...(so.metadata.labels ?? {}),
            },
            ownerReferences: [
              {
                apiVersion: 'keda.sh/v1alpha1',
                kind: 'ScaledObject',
                name,
                uid: so.metadata.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: {
            scaleTargetRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: target,
            },
            minReplicas: Math.max(1, so.spec.minReplicaCount ?? 1),
            maxReplicas: so.spec.maxReplicaCount ?? 100,
            metrics: [
              {
                type: 'External',
                external: {
                  metric: {
                    name: metricName,
                    selector: {
                      matchLabels: { 'scaledobject.keda.sh/name': name },
                    },
                  },
                  target: {
                    type: 'AverageValue',
                    averageValue: String(targetOf(so.spec.triggers?.[0])),
                  },
                },
              },
            ],
            behavior: {
              scaleDown: {
                stabilizationWindowSeconds: so.spec.cooldownPeriod ?? 300,
                selectPolicy: 'Max',
                policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
              },
              scaleUp: {
                stabilizationWindowSeconds: 0,
                selectPolicy: 'Max',
                policies: [
                  { type: 'Pods', value: 4, periodSeconds: 15 },
                  { type: 'Percent', value: 100, periodSeconds: 15 },
                ],
              },
            },
          },
        } as KubeObject,
        ns,
      );
    }
    const cond = (
      type: string,
      status: string,
      reason: string,
      message: string,
    ) => ({ type, status, reason, message });
    const status: Json = {
      scaleTargetKind: 'apps/v1.Deployment',
      scaleTargetGVKR: {
        group: 'apps',
        kind: 'Deployment',
        resource: 'deployments',
        version: 'v1',
      },
      originalReplicaCount:
        so.status?.originalReplicaCount ?? d?.spec?.replicas ?? 1,
      lastActiveTime: active ? now : so.status?.lastActiveTime,
      externalMetricNames: [metricName],
      hpaName,
      health: {
        [metricName]: {
          numberOfFailures: failures,
          status: failures > 0 ? 'Failing' : 'Happy',
        },
      },
      ...(paused && pausedReplicas !== undefined
        ? { pausedReplicaCount: Number(pausedReplicas) }
        : {}),
      conditions: [
        d
          ? cond(
              'Ready',
              'True',
              'ScaledObjectReady',
              'ScaledObject is defined correctly and is ready for scaling',
            )
          : cond(
              'Ready',
              'False',
              'ScaledObjectCheckFailed',
              `ScaledObject doesn't have correct scaleTargetRef specification`,
            ),
        active
          ? cond(
              'Active',
              'True',
              'ScalerActive',
              'Scaling is performed because triggers are active',
            )
          : cond(
              'Active',
              'False',
              'ScalerNotActive',
              'Scaling is not performed because triggers are not active',
            ),
        fallback
          ? cond(
              'Fallback',
              'True',
              'FallbackExists',
              'At least one trigger is falling back on this scaled object',
            )
          : cond(
              'Fallback',
              'False',
              'NoFallbackFound',
              'No fallbacks are active on this scaled object',
            ),
        paused
          ? cond(
              'Paused',
              'True',
              'ScaledObjectPaused',
              'ScaledObject is paused',
            )
          : cond(
              'Paused',
              'False',
              'ScaledObjectUnpaused',
              'ScaledObject is not paused',
            ),
      ],
    };
    if (!status.lastActiveTime) delete status.lastActiveTime;
    if (JSON.stringify(status) !== JSON.stringify(so.status ?? {}))
      this.ctx.store.put(SO.storage, { ...so, status } as KubeObject);
  }
}
