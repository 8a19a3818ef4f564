import type { ApiContext } from '../api/context';
import { typeOf } from '../api/resources';
import type { KubeObject } from '../types';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const nodes = [
  { name: 'node-a', ip: '10.0.0.11', zone: 'a', gpu: false },
  { name: 'node-b', ip: '10.0.0.12', zone: 'b', gpu: false },
  { name: 'node-c', ip: '10.0.0.13', zone: 'c', gpu: false },
  { name: 'gpu-node-a', ip: '10.0.0.21', zone: 'a', gpu: true },
];

/** Nodes with the status a kubelet reports, so `kubectl get nodes` and describe work. */
export function seedNodes(ctx: ApiContext, at: string) {
  for (const n of nodes) {
    const capacity = {
      cpu: n.gpu ? '16' : '8',
      memory: n.gpu ? '65536Mi' : '32768Mi',
      pods: '110',
      ...(n.gpu ? { 'nvidia.com/gpu': '1' } : {}),
    };
    ctx.store.put('/nodes', {
      metadata: {
        name: n.name,
        uid: ctx.rng.uid(),
        creationTimestamp: at,
        labels: {
          'kubernetes.io/hostname': n.name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/zone': `zone-${n.zone}`,
          ...(n.gpu ? { 'nvidia.com/gpu.present': 'true' } : {}),
        },
      },
      spec: {
        podCIDR: '10.244.0.0/24',
        ...(n.gpu
          ? { taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] }
          : {}),
      },
      status: {
        capacity,
        allocatable: capacity,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: at,
            lastTransitionTime: at,
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          },
        ],
        addresses: [
          { type: 'InternalIP', address: n.ip },
          { type: 'Hostname', address: n.name },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.13',
          containerRuntimeVersion: 'containerd://1.7.24',
          operatingSystem: 'linux',
          architecture: 'amd64',
          kernelVersion: '6.1.0',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kubeProxyVersion: 'v1.32.13',
          machineID: '',
          systemUUID: '',
          bootID: '',
        },
      },
    } as KubeObject);
  }
}

/** The disruption controller's status for every PodDisruptionBudget. */
export function pdbStatus(ctx: ApiContext, at: string) {
  const pdbType = typeOf('policy/poddisruptionbudgets');
  const pdbs = ctx.store.list(pdbType.storage) as Json[];
  const byNs = new Map<string, KubeObject[]>();
  for (const ns of new Set(pdbs.map(p => p.metadata.namespace as string)))
    byNs.set(ns, ctx.store.list('/pods', ns));
  for (const p of pdbs) {
    const sel = p.spec?.selector?.matchLabels ?? {};
    const pods = (byNs.get(p.metadata.namespace) ?? []).filter(o =>
      Object.entries(sel).every(([k, v]) => o.metadata.labels?.[k] === v),
    ) as Json[];
    const healthy = pods.filter(o =>
      (o.status?.conditions ?? []).some(
        (c: Json) => c.type === 'Ready' && c.status === 'True',
      ),
    ).length;
    const desired =
      typeof p.spec?.minAvailable === 'number'
        ? p.spec.minAvailable
        : Math.max(0, pods.length - Number(p.spec?.maxUnavailable ?? 0));
    const allowed = Math.max(0, healthy - desired);
    const prev = (p.status?.conditions ?? [])[0];
    const status = allowed > 0 ? 'True' : 'False';
    const next = {
      observedGeneration: p.metadata.generation,
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: pods.length,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status,
          observedGeneration: p.metadata.generation,
          lastTransitionTime:
            prev && prev.status === status ? prev.lastTransitionTime : at,
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          message: '',
        },
      ],
    };
    if (JSON.stringify(next) !== JSON.stringify(p.status ?? {}))
      ctx.store.put(pdbType.storage, { ...p, status: next } as KubeObject);
  }
}
