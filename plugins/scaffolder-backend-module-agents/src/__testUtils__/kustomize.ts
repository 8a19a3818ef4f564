import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kubectlPath } from '@agentdeck/test-utils';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '../manifests';

const exec = promisify(execFile);

/** Builds an overlay with the real kubectl binary and returns its objects. */
export async function kustomizeBuild(dir: string): Promise<K8sObject[]> {
  const { stdout } = await exec(kubectlPath(), ['kustomize', dir], {
    maxBuffer: 8 << 20,
  });
  return parseAllDocuments(stdout).map(d => d.toJS() as K8sObject);
}

/** Asserts the PSS "restricted" fields on a Deployment's pod template. */
export function restrictedViolations(deployment: K8sObject): string[] {
  const pod = (deployment.spec as any).template.spec;
  const problems: string[] = [];
  const psc = pod.securityContext ?? {};
  if (psc.runAsNonRoot !== true) problems.push('pod runAsNonRoot');
  if (psc.runAsUser !== 1000) problems.push('pod runAsUser');
  if (psc.fsGroup !== 1000) problems.push('pod fsGroup');
  if (psc.seccompProfile?.type !== 'RuntimeDefault')
    problems.push('pod seccompProfile');
  if (pod.automountServiceAccountToken !== false)
    problems.push('automountServiceAccountToken');
  for (const c of pod.containers) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false)
      problems.push(`${c.name} allowPrivilegeEscalation`);
    if (JSON.stringify(sc.capabilities?.drop) !== '["ALL"]')
      problems.push(`${c.name} capabilities`);
    if (sc.readOnlyRootFilesystem !== true)
      problems.push(`${c.name} readOnlyRootFilesystem`);
    if (
      !c.volumeMounts?.some(
        (m: { mountPath: string }) => m.mountPath === '/tmp',
      )
    ) {
      problems.push(`${c.name} /tmp emptyDir`);
    }
    if (/:latest$|^[^:@]+$/.test(c.image)) problems.push(`${c.name} image tag`);
  }
  return problems;
}
