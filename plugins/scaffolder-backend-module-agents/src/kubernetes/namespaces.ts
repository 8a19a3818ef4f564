import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';

const RESERVED = [/^default$/, /^kube-/];

const globToRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/**
 * Refuses namespaces a template user must not deploy into: `default`, `kube-*`, and, when
 * `agentdeck.kubernetesApply.allowedNamespaces` is set, any namespace none of its patterns match.
 * Any template user can pick the namespace, so this is the line between teams.
 * @public
 */
export function assertNamespaceAllowed(namespace: string, config?: Config) {
  if (RESERVED.some(r => r.test(namespace)))
    throw new NotAllowedError(
      `namespace "${namespace}" is reserved for the cluster; agents are not applied to default or kube-*`,
    );
  const allowed = config?.getOptionalStringArray(
    'agentdeck.kubernetesApply.allowedNamespaces',
  );
  if (allowed && !allowed.some(p => globToRegExp(p).test(namespace)))
    throw new NotAllowedError(
      `namespace "${namespace}" is not in agentdeck.kubernetesApply.allowedNamespaces (${allowed.join(
        ', ',
      )})`,
    );
}
