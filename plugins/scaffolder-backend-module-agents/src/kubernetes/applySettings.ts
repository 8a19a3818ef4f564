import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** `agentdeck.kubernetesApply`, read once per action. */
export interface ApplySettings {
  /** Namespace patterns agents may be applied to; undefined: any but default and kube-*. */
  allowedNamespaces?: string[];
  /** Namespace patterns mapped to the owner entity ref they belong to. */
  namespaceOwners: Array<{ pattern: string; owner: string }>;
  /** Annotation and label keys on a Namespace (and a Secret) that name its owner. */
  ownerKeys: string[];
}

const DEFAULT_OWNER_KEYS = ['agentdeck.io/owner', 'backstage.io/owner'];

/** An owner as a full entity ref; a bare name is a group in the default namespace. */
export function toOwnerRef(value: string): string {
  return stringifyEntityRef(
    parseEntityRef(value.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
}

export function readApplySettings(config: Config): ApplySettings {
  const apply = config.getOptionalConfig('agentdeck.kubernetesApply');
  return {
    allowedNamespaces: apply?.getOptionalStringArray('allowedNamespaces'),
    namespaceOwners: (
      apply?.getOptionalConfigArray('namespaceOwners') ?? []
    ).map((entry, i) => {
      const owner = entry.getString('owner');
      try {
        return {
          pattern: entry.getString('namespace'),
          owner: toOwnerRef(owner),
        };
      } catch {
        throw new InputError(
          `agentdeck.kubernetesApply.namespaceOwners[${i}].owner: "${owner}" is not an entity ref`,
        );
      }
    }),
    ownerKeys:
      apply?.getOptionalStringArray('namespaceOwnerKeys') ?? DEFAULT_OWNER_KEYS,
  };
}

/** `*` matches any characters; everything else is literal. */
export const globToRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
