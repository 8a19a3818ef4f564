type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const names = (cs: Json[]) => cs.map(c => `"${c.name}"`).join(', ');
const noun = (cs: Json[], one: string, many: string) =>
  cs.length === 1 ? one : many;

const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/**
 * Violations of the PodSecurity "restricted" profile, worded and ordered as
 * kube-apiserver's pod-security admission words them.
 */
export function restrictedViolations(podSpec: Json): string[] {
  const cs: Json[] = [
    ...(podSpec.initContainers ?? []),
    ...(podSpec.containers ?? []),
  ];
  const psc: Json = podSpec.securityContext ?? {};
  const out: string[] = [];
  if (podSpec.hostNetwork || podSpec.hostPID || podSpec.hostIPC)
    out.push('host namespaces (hostNetwork=true)');
  const hostPorts = cs.flatMap(c =>
    (c.ports ?? [])
      .filter((p: Json) => p.hostPort)
      .map((p: Json) => `container "${c.name}" uses hostPort ${p.hostPort}`),
  );
  if (hostPorts.length) out.push(`hostPort (${hostPorts.join(', ')})`);
  const privileged = cs.filter(c => c.securityContext?.privileged === true);
  if (privileged.length)
    out.push(
      `privileged (${noun(privileged, 'container', 'containers')} ${names(
        privileged,
      )} must not set securityContext.privileged=true)`,
    );
  const ape = cs.filter(
    c => c.securityContext?.allowPrivilegeEscalation !== false,
  );
  if (ape.length)
    out.push(
      `allowPrivilegeEscalation != false (${noun(
        ape,
        'container',
        'containers',
      )} ${names(
        ape,
      )} must set securityContext.allowPrivilegeEscalation=false)`,
    );
  const noDrop = cs.filter(
    c => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'),
  );
  const caps: string[] = noDrop.length
    ? [
        `${noun(noDrop, 'container', 'containers')} ${names(
          noDrop,
        )} must set securityContext.capabilities.drop=["ALL"]`,
      ]
    : [];
  for (const c of cs) {
    const added = (c.securityContext?.capabilities?.add ?? []).filter(
      (a: string) => a !== 'NET_BIND_SERVICE',
    );
    if (added.length)
      caps.push(
        `container "${c.name}" must not include ${added
          .map((a: string) => `"${a}"`)
          .join(', ')} in securityContext.capabilities.add`,
      );
  }
  if (caps.length) out.push(`unrestricted capabilities (${caps.join('; ')})`);
  const nonRoot = cs.filter(
    c => (c.securityContext?.runAsNonRoot ?? psc.runAsNonRoot) !== true,
  );
  if (nonRoot.length)
    out.push(
      psc.runAsNonRoot === false
        ? `runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)`
        : `runAsNonRoot != true (pod or ${noun(
            nonRoot,
            'container',
            'containers',
          )} ${names(nonRoot)} must set securityContext.runAsNonRoot=true)`,
    );
  if (psc.runAsUser === 0 || cs.some(c => c.securityContext?.runAsUser === 0))
    out.push('runAsUser=0 (pod or container must not set runAsUser=0)');
  const restricted = (podSpec.volumes ?? []).flatMap((v: Json) => {
    const type = Object.keys(v).find(k => k !== 'name');
    return type && !ALLOWED_VOLUME_TYPES.has(type)
      ? [`volume "${v.name}" uses restricted volume type "${type}"`]
      : [];
  });
  if (restricted.length)
    out.push(`restricted volume types (${restricted.join(', ')})`);
  const okSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const sec = cs.filter(
    c =>
      !okSeccomp(
        c.securityContext?.seccompProfile?.type ?? psc.seccompProfile?.type,
      ),
  );
  if (sec.length)
    out.push(
      `seccompProfile (pod or ${noun(sec, 'container', 'containers')} ${names(
        sec,
      )} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
    );
  return out;
}

/** The pod spec inside a workload object, if it has one. */
export function podSpecOf(kind: string, obj: Json): Json | undefined {
  if (kind === 'Pod') return obj.spec;
  if (kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template?.spec;
  if (
    ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'].includes(
      kind,
    )
  )
    return obj.spec?.template?.spec;
  return undefined;
}

/** Header value for a PodSecurity warning, quoted as the API server does. */
export const warningHeader = (text: string) =>
  `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
