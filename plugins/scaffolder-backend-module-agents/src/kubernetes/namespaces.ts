import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { globToRegExp, readApplySettings } from './applySettings';

const RESERVED = [/^default$/, /^kube-/];

/**
 * Refuses namespaces a template user must not deploy into: `default`, `kube-*`, and, when
 * `agentdeck.kubernetesApply.allowedNamespaces` is set, any namespace none of its patterns match.
 * Who owns an allowed namespace is checked against the cluster afterwards.
 * @public
 */
export function assertNamespaceAllowed(namespace: string, config?: Config) {
  if (RESERVED.some(r => r.test(namespace)))
    throw new NotAllowedError(
      `namespace "${namespace}" is reserved for the cluster; agents are not applied to default or kube-*`,
    );
  const allowed = config && readApplySettings(config).allowedNamespaces;
  if (allowed && !allowed.some(p => globToRegExp(p).test(namespace)))
    throw new NotAllowedError(
      `namespace "${namespace}" is not in agentdeck.kubernetesApply.allowedNamespaces (${allowed.join(
        ', ',
      )})`,
    );
}
