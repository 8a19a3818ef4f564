type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const names = (cs: Json[]) => cs.map(c => `"${c.name}"`).join(', ');
const noun = (cs: Json[], one: string, many: string) => (cs.length === 1 ? one : many);

/**
 * Violations of the PodSecurity "restricted" profile, worded and ordered as
 * kube-apiserver's pod-security admission words them.
 */
export function restrictedViolations(podSpec: Json): string[] {
  const cs: Json[] = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])];
  const psc: Json = podSpec.securityContext ?? {};
  const out: string[] = [];
  if (podSpec.hostNetwork || podSpec.hostPID || podSpec.hostIPC) out.push('host namespaces (hostNetwork=true)');
  const privileged = cs.filter(c => c.securityContext?.privileged === true);
  if (privileged.length) out.push(`privileged (${noun(privileged, 'container', 'containers')} ${names(privileged)} must not set securityContext.privileged=true)`);
  const ape = cs.filter(c => c.securityContext?.allowPrivilegeEscalation !== false);
  if (ape.length) out.push(`allowPrivilegeEscalation != false (${noun(ape, 'container', 'containers')} ${names(ape)} must set securityContext.allowPrivilegeEscalation=false)`);
  const caps = cs.filter(c => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'));
  if (caps.length) out.push(`unrestricted capabilities (${noun(caps, 'container', 'containers')} ${names(caps)} must set securityContext.capabilities.drop=["ALL"])`);
  const nonRoot = cs.filter(c => (c.securityContext?.runAsNonRoot ?? psc.runAsNonRoot) !== true);
  if (nonRoot.length)
    out.push(
      psc.runAsNonRoot === false
        ? `runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)`
        : `runAsNonRoot != true (pod or ${noun(nonRoot, 'container', 'containers')} ${names(nonRoot)} must set securityContext.runAsNonRoot=true)`,
    );
  const okSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const sec = cs.filter(c => !okSeccomp(c.securityContext?.seccompProfile?.type ?? psc.seccompProfile?.type));
  if (sec.length) out.push(`seccompProfile (pod or ${noun(sec, 'container', 'containers')} ${names(sec)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`);
  return out;
}

/** The pod spec inside a workload object, if it has one. */
export function podSpecOf(kind: string, obj: Json): Json | undefined {
  if (kind === 'Pod') return obj.spec;
  if (kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template?.spec;
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'].includes(kind)) return obj.spec?.template?.spec;
  return undefined;
}

/** Header value for a PodSecurity warning, quoted as the API server does. */
export const warningHeader = (text: string) => `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
