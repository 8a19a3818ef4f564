import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { UnregisteredAgent } from '@agentdeck/plugin-agents-common';
import { ClusterSnapshot } from '../ClusterCache';

/** What a namespace says about its owner, for {@link UnregisteredAgent}. */
export type OwnerFacts = Pick<
  UnregisteredAgent,
  'owner' | 'ownerFrom' | 'ownerUnknown'
>;

/** An owner as a full entity ref; a bare name is a group in the default namespace. */
export function toOwnerRef(value: string): string {
  return stringifyEntityRef(
    parseEntityRef(value.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
}

/**
 * The likely owner of what runs in a namespace: the first owner key (in the
 * configured order) that the namespace's annotations or labels set to an
 * entity ref; for one key an annotation wins over a label. Unknown, with the
 * reason, where AgentDeck may not read namespaces.
 */
export function namespaceOwner(
  snap: ClusterSnapshot,
  namespace: string,
  ownerKeys: readonly string[],
): OwnerFacts {
  const hidden = snap.notVisible?.find(n => n.resource === 'namespaces');
  if (hidden)
    return { ownerUnknown: `cluster ${snap.cluster}: ${hidden.message}` };
  const ns = snap.getNamespace?.(namespace);
  if (!ns) return {};
  for (const key of ownerKeys) {
    for (const [kind, values] of [
      ['annotation', ns.annotations],
      ['label', ns.labels],
    ] as const) {
      const value = values[key];
      if (!value) continue;
      try {
        return { owner: toOwnerRef(value), ownerFrom: { kind, key } };
      } catch {
        // not an entity ref: this key names no owner here
      }
    }
  }
  return {};
}
