import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { UserEntity } from '@backstage/catalog-model';
import { ApplySettings, globToRegExp, toOwnerRef } from './applySettings';

type Metadata = {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

/** Who a namespace belongs to, and which rule says so. */
export interface NamespaceOwner {
  owner: string;
  source: string;
}

/** A configured mapping wins over what the namespace says about itself. */
export function namespaceOwner(
  name: string,
  metadata: Metadata | undefined,
  settings: ApplySettings,
): NamespaceOwner | undefined {
  const mapped = settings.namespaceOwners.find(m =>
    globToRegExp(m.pattern).test(name),
  );
  if (mapped)
    return {
      owner: mapped.owner,
      source: `agentdeck.kubernetesApply.namespaceOwners: ${mapped.pattern}`,
    };
  for (const key of settings.ownerKeys) {
    for (const [where, values] of [
      ['annotation', metadata?.annotations],
      ['label', metadata?.labels],
    ] as const) {
      const value = values?.[key];
      if (value) {
        try {
          return { owner: toOwnerRef(value), source: `${where} ${key}` };
        } catch {
          // Not an entity ref: this key names no owner here.
        }
      }
    }
  }
  return undefined;
}

/** Direct membership, as the catalog relates users to groups. */
export function assertUserBelongsTo(
  user: { ref?: string; entity?: UserEntity } | undefined,
  owner: string,
) {
  const rule = `agentdeck:kubernetes:apply deploys only for members of the agent's owner`;
  if (!user?.ref)
    throw new NotAllowedError(
      `${rule}; the task has no signed-in user to check`,
    );
  const groups = new Set<string>();
  for (const r of user.entity?.relations ?? [])
    if (r.type === 'memberOf') groups.add(r.targetRef);
  for (const g of user.entity?.spec?.memberOf ?? [])
    groups.add(
      stringifyEntityRef(
        parseEntityRef(g, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ),
    );
  if (toOwnerRef(user.ref) === owner || groups.has(owner)) return;
  throw new NotAllowedError(`${rule}: ${user.ref} is not a member of ${owner}`);
}

const notFound = (error: unknown) => (error as { code?: number })?.code === 404;

async function readMetadata(
  read: () => Promise<{ metadata?: Metadata }>,
): Promise<Metadata | undefined> {
  try {
    const { metadata } = await read();
    return { labels: metadata?.labels, annotations: metadata?.annotations };
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}

/**
 * Refuses to apply into a namespace that belongs to someone else or names no owner. A namespace
 * that does not exist yet may be created for the owner unless a mapping gives it to another.
 * Returns whether the namespace exists.
 */
export async function assertNamespaceOwnedBy(
  kc: KubeConfig,
  namespace: string,
  owner: string,
  settings: ApplySettings,
): Promise<boolean> {
  const core = kc.makeApiClient(CoreV1Api);
  const metadata = await readMetadata(() =>
    core.readNamespace({ name: namespace }),
  );
  const found = namespaceOwner(namespace, metadata, settings);
  if (found && found.owner !== owner)
    throw new NotAllowedError(
      `namespace "${namespace}" belongs to ${found.owner} (${found.source}), not to ${owner}; agents are applied only into their owner's namespaces`,
    );
  if (metadata && !found)
    throw new NotAllowedError(
      `namespace "${namespace}" names no owner; agents are applied only into namespaces that name their owner (annotation or label ${settings.ownerKeys.join(
        ' or ',
      )}, or agentdeck.kubernetesApply.namespaceOwners)`,
    );
  return metadata !== undefined;
}

/** An existing Secret must say it is meant for this agent; its data is never read or logged. */
export async function assertSecretMeantFor(
  kc: KubeConfig,
  namespace: string,
  secret: string,
  agent: string,
) {
  const core = kc.makeApiClient(CoreV1Api);
  const metadata = await readMetadata(() =>
    core.readNamespacedSecret({ name: secret, namespace }),
  );
  const rule = `label it agentdeck.io/agent=${agent} or list the agent in its agentdeck.io/agents annotation`;
  if (!metadata)
    throw new NotAllowedError(
      `secrets.existingSecret: Secret "${secret}" does not exist in namespace "${namespace}"; create it there first and ${rule}`,
    );
  const listed = (metadata.annotations?.['agentdeck.io/agents'] ?? '')
    .split(',')
    .map(s => s.trim());
  if (
    metadata.labels?.['agentdeck.io/agent'] === agent ||
    listed.includes(agent)
  )
    return;
  throw new NotAllowedError(
    `secrets.existingSecret: Secret "${namespace}/${secret}" is not meant for agent ${agent}; ${rule}`,
  );
}
