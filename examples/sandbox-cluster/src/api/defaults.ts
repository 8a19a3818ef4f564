import type { KubeObject } from '../types';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const probeDefaults = (p: Json | undefined) => {
  if (!p) return undefined;
  const out: Json = {};
  for (const [k, v] of Object.entries(p) as Array<[string, Json]>) {
    if (k === 'httpGet')
      out.httpGet = {
        path: v.path,
        port: v.port,
        ...(v.host ? { host: v.host } : {}),
        scheme: v.scheme ?? 'HTTP',
        ...(v.httpHeaders ? { httpHeaders: v.httpHeaders } : {}),
      };
    else if (
      ![
        'timeoutSeconds',
        'periodSeconds',
        'successThreshold',
        'failureThreshold',
      ].includes(k)
    )
      out[k] = v;
  }
  return {
    ...out,
    timeoutSeconds: p.timeoutSeconds ?? 1,
    periodSeconds: p.periodSeconds ?? 10,
    successThreshold: p.successThreshold ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
};

function containerDefaults(c: Json, mount?: Json): Json {
  const tag =
    String(c.image ?? '')
      .split('/')
      .pop() ?? '';
  const out: Json = { ...c };
  if (Array.isArray(c.ports))
    out.ports = c.ports.map((p: Json) => ({
      ...p,
      protocol: p.protocol ?? 'TCP',
    }));
  if (c.resources === undefined) out.resources = {};
  if (mount) out.volumeMounts = [...(c.volumeMounts ?? []), mount];
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe'])
    if (c[k]) out[k] = probeDefaults(c[k]);
  out.terminationMessagePath =
    c.terminationMessagePath ?? '/dev/termination-log';
  out.terminationMessagePolicy = c.terminationMessagePolicy ?? 'File';
  out.imagePullPolicy =
    c.imagePullPolicy ??
    (!tag.includes(':') || tag.endsWith(':latest') ? 'Always' : 'IfNotPresent');
  return out;
}

/** Defaults the API server fills in a pod spec; `pod` adds what only real pods get. */
export function podSpecDefaults(
  spec: Json,
  pod?: { volumeSuffix: string },
): Json {
  const volName = pod ? `kube-api-access-${pod.volumeSuffix}` : undefined;
  const mount = volName
    ? {
        name: volName,
        readOnly: true,
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      }
    : undefined;
  const volumes = [...(spec.volumes ?? [])];
  if (volName)
    volumes.push({
      name: volName,
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          {
            configMap: {
              name: 'kube-root-ca.crt',
              items: [{ key: 'ca.crt', path: 'ca.crt' }],
            },
          },
          {
            downwardAPI: {
              items: [
                {
                  path: 'namespace',
                  fieldRef: {
                    apiVersion: 'v1',
                    fieldPath: 'metadata.namespace',
                  },
                },
              ],
            },
          },
        ],
        defaultMode: 420,
      },
    });
  const out: Json = {};
  if (volumes.length) out.volumes = volumes;
  if (spec.initContainers)
    out.initContainers = spec.initContainers.map((c: Json) =>
      containerDefaults(c, mount),
    );
  out.containers = (spec.containers ?? []).map((c: Json) =>
    containerDefaults(c, mount),
  );
  Object.assign(out, spec, {
    volumes: out.volumes,
    initContainers: out.initContainers,
    containers: out.containers,
  });
  if (!out.volumes) delete out.volumes;
  if (!out.initContainers) delete out.initContainers;
  out.restartPolicy = spec.restartPolicy ?? 'Always';
  out.terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds ?? 30;
  out.dnsPolicy = spec.dnsPolicy ?? 'ClusterFirst';
  if (pod) {
    out.serviceAccountName =
      spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
    out.serviceAccount = out.serviceAccountName;
  }
  out.securityContext = spec.securityContext ?? {};
  out.schedulerName = spec.schedulerName ?? 'default-scheduler';
  if (pod) {
    out.tolerations = [
      ...(spec.tolerations ?? []),
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ];
    out.priority = spec.priority ?? 0;
    out.enableServiceLinks = spec.enableServiceLinks ?? true;
    out.preemptionPolicy = spec.preemptionPolicy ?? 'PreemptLowerPriority';
  }
  return out;
}

/** QoS class as the API server computes it from requests and limits. */
export function qosClass(spec: Json): string {
  const cs: Json[] = spec.containers ?? [];
  const any = cs.some(
    c =>
      Object.keys(c.resources?.requests ?? {}).length ||
      Object.keys(c.resources?.limits ?? {}).length,
  );
  if (!any) return 'BestEffort';
  const guaranteed = cs.every(c => {
    const l = c.resources?.limits ?? {};
    const r = c.resources?.requests ?? {};
    return (
      l.cpu &&
      l.memory &&
      (r.cpu ?? l.cpu) === l.cpu &&
      (r.memory ?? l.memory) === l.memory
    );
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const templateDefaults = (t: Json | undefined): Json => ({
  ...t,
  metadata: { creationTimestamp: null, ...(t?.metadata ?? {}) },
  spec: podSpecDefaults(t?.spec ?? {}),
});

/** Applies server-side defaults per kind (returns a new object). */
export function applyDefaults(
  kind: string,
  obj: KubeObject,
  ctx: { randomSuffix: () => string; clusterIp: () => string },
): KubeObject {
  const o = obj as Json;
  const spec: Json = o.spec ?? {};
  switch (kind) {
    case 'Pod': {
      const s = podSpecDefaults(spec, { volumeSuffix: ctx.randomSuffix() });
      return {
        ...o,
        spec: s,
        status: o.status ?? { phase: 'Pending', qosClass: qosClass(s) },
      } as KubeObject;
    }
    case 'Deployment':
      return {
        ...o,
        spec: {
          replicas: spec.replicas ?? 1,
          ...spec,
          template: templateDefaults(spec.template),
          strategy: spec.strategy ?? {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
          },
          revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
          progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 600,
        },
        status: o.status ?? {},
      } as KubeObject;
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return {
        ...o,
        spec: {
          ...(kind !== 'DaemonSet' && kind !== 'Job'
            ? { replicas: spec.replicas ?? 1 }
            : {}),
          ...spec,
          template: templateDefaults(spec.template),
        },
        status: o.status ?? {},
      } as KubeObject;
    case 'Service': {
      const ip = spec.clusterIP ?? ctx.clusterIp();
      return {
        ...o,
        spec: {
          ...spec,
          ports: (spec.ports ?? []).map((p: Json) => ({
            ...p,
            protocol: p.protocol ?? 'TCP',
            targetPort: p.targetPort ?? p.port,
          })),
          clusterIP: ip,
          clusterIPs: spec.clusterIPs ?? [ip],
          type: spec.type ?? 'ClusterIP',
          sessionAffinity: spec.sessionAffinity ?? 'None',
          ipFamilies: spec.ipFamilies ?? ['IPv4'],
          ipFamilyPolicy: spec.ipFamilyPolicy ?? 'SingleStack',
          internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
        },
        status: { loadBalancer: {} },
      } as KubeObject;
    }
    case 'Namespace':
      return {
        ...o,
        metadata: {
          ...o.metadata,
          labels: {
            ...(o.metadata.labels ?? {}),
            'kubernetes.io/metadata.name': o.metadata.name,
          },
        },
        spec: { finalizers: ['kubernetes'], ...spec },
        status: { phase: 'Active' },
      } as KubeObject;
    case 'HorizontalPodAutoscaler':
    case 'PodDisruptionBudget':
    case 'ScaledObject':
      return { ...o, status: o.status ?? {} } as KubeObject;
    default:
      return obj;
  }
}

/** Kinds whose metadata carries a generation. */
export const hasGeneration = (kind: string, group: string) =>
  [
    'Deployment',
    'ReplicaSet',
    'StatefulSet',
    'DaemonSet',
    'PodDisruptionBudget',
    'Job',
    'CronJob',
    'NetworkPolicy',
    'Ingress',
  ].includes(kind) ||
  ['keda.sh', 'monitoring.coreos.com', 'external-secrets.io'].includes(group);
