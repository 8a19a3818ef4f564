import { qosClass } from '../api/defaults';
import type { KubeObject } from '../types';
import type { PodRuntime } from './podRuntime';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const cond = (
  type: string,
  status: boolean,
  at: string,
  notReady?: string,
) => ({
  type,
  status: status ? 'True' : 'False',
  lastProbeTime: null,
  lastTransitionTime: at,
  ...(status || !notReady
    ? {}
    : {
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${notReady}]`,
      }),
});

/** The pod status the kubelet would report for this runtime state, shaped as in the fixtures. */
export function podStatus(
  pod: KubeObject,
  rt: PodRuntime,
  iso: (t: number) => string,
): Json {
  const spec = (pod as Json).spec;
  const qos = qosClass(spec);
  if (rt.stage === 'pending') return { phase: 'Pending', qosClass: qos };
  const scheduled = cond('PodScheduled', true, iso(rt.boundAt ?? 0));
  if (rt.stage === 'bound')
    return { phase: 'Pending', conditions: [scheduled], qosClass: qos };
  const c = spec.containers?.[0] ?? {};
  const running = rt.stage === 'running';
  const creating = rt.stage === 'creating';
  const name = c.name ?? 'agent';
  let state: Json = { running: { startedAt: iso(rt.runningSince ?? 0) } };
  if (creating) state = { waiting: { reason: 'ContainerCreating' } };
  else if (!running)
    state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${rt.backoffText} restarting failed container=${name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
      },
    };
  const mounts = (c.volumeMounts ?? []).map((m: Json) => ({
    name: m.name,
    mountPath: m.mountPath,
    ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
  }));
  const image = String(c.image ?? '');
  const cs = {
    name,
    state,
    lastState: rt.lastTerminated ? { terminated: rt.lastTerminated } : {},
    ready: rt.ready,
    restartCount: rt.restartCount,
    image,
    imageID: creating ? '' : `${image.split(':')[0]}@sha256:${rt.imageDigest}`,
    ...(creating ? {} : { containerID: `containerd://${rt.containerId}` }),
    started: rt.started,
    volumeMounts: mounts,
  };
  return {
    phase: creating ? 'Pending' : 'Running',
    conditions: [
      cond(
        'PodReadyToStartContainers',
        !creating,
        iso(rt.sandboxAt ?? rt.boundAt ?? 0),
      ),
      cond('Initialized', true, iso(rt.boundAt ?? 0)),
      cond('Ready', rt.ready, iso(rt.readySince), name),
      cond('ContainersReady', rt.ready, iso(rt.readySince), name),
      scheduled,
    ],
    hostIP: rt.hostIP,
    hostIPs: [{ ip: rt.hostIP }],
    podIP: rt.podIP,
    podIPs: [{ ip: rt.podIP }],
    startTime: iso(rt.boundAt ?? 0),
    containerStatuses: [cs],
    qosClass: qos,
  };
}
