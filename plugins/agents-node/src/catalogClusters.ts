import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import { refuseCatalogApiServerUrl } from './apiServerUrl';
import { AuthStrategies } from './authStrategies';
import { pemOf, toKubernetesCluster } from './cluster';
import { KubernetesCluster } from './types';

/** Options of {@link createCatalogLocator}. */
export interface CatalogLocatorOptions {
  method: Config;
  where: string;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  strategies: AuthStrategies;
  credentialTtlMs?: number;
}

/** The entity's `kubernetes.io/` annotations: never a `serviceAccountToken`, the catalog is no place for one. */
function authMetadataOf(annotations: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(annotations).filter(([k]) => k.startsWith('kubernetes.io/')),
  );
}

/**
 * The clusters of a `type: catalog` locator: Resource entities of
 * `spec.type: kubernetes-cluster`, read as Backstage's Kubernetes plugin
 * reads them. An entity AgentDeck cannot use is logged once with the reason.
 */
export function createCatalogLocator(options: CatalogLocatorOptions) {
  const allowUrls =
    options.method.getOptionalStringArray('dangerouslyAllowClusterUrls') ?? [];
  const allowSkipTls =
    options.method.getOptionalBoolean('dangerouslyAllowSkipTLSVerify') ?? false;
  const warned = new Set<string>();
  let known = new Map<string, KubernetesCluster>();

  async function toCluster(
    entity: Entity,
  ): Promise<KubernetesCluster | string> {
    const a = entity.metadata.annotations ?? {};
    for (const required of [
      ANNOTATION_KUBERNETES_API_SERVER,
      ANNOTATION_KUBERNETES_API_SERVER_CA,
      ANNOTATION_KUBERNETES_AUTH_PROVIDER,
    ])
      if (!a[required]) return `annotation ${required} is missing`;
    const authProvider = a[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    if (authProvider === 'serviceAccount')
      return `${ANNOTATION_KUBERNETES_AUTH_PROVIDER} "serviceAccount" is not allowed for catalog clusters: it would send Backstage's own token to a URL whoever registers the entity chooses (as in the Kubernetes plugin)`;
    const refusal = options.strategies.refusal(authProvider);
    if (refusal) return `${ANNOTATION_KUBERNETES_AUTH_PROVIDER}: ${refusal}`;
    const badUrl = await refuseCatalogApiServerUrl(
      a[ANNOTATION_KUBERNETES_API_SERVER],
      allowUrls,
    );
    if (badUrl) return `${ANNOTATION_KUBERNETES_API_SERVER}: ${badUrl}`;
    const strategy = options.strategies.get(authProvider)!;
    const authMetadata = authMetadataOf(a);
    const invalid = strategy.validateCluster(authMetadata);
    if (invalid.length) return invalid.map(e => e.message).join('; ');
    return toKubernetesCluster({
      details: {
        name: entity.metadata.name,
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        url: a[ANNOTATION_KUBERNETES_API_SERVER],
        authMetadata,
        caData: a[ANNOTATION_KUBERNETES_API_SERVER_CA],
        skipTLSVerify:
          allowSkipTls && a[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
        skipMetricsLookup:
          a[ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP] === 'true',
      },
      source: stringifyEntityRef(entity),
      strategy,
      ca: pemOf(a[ANNOTATION_KUBERNETES_API_SERVER_CA]),
      credentialTtlMs: options.credentialTtlMs,
    });
  }

  return {
    async getClusters(): Promise<KubernetesCluster[]> {
      const { items } = await options.catalog.getEntities(
        { filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' } },
        { credentials: await options.auth.getOwnServiceCredentials() },
      );
      const next = new Map<string, KubernetesCluster>();
      for (const entity of items) {
        const result = await toCluster(entity);
        if (typeof result === 'string') {
          const message = `${options.where}: ${stringifyEntityRef(
            entity,
          )} is not watched: ${result}`;
          if (!warned.has(message)) options.logger.warn(message);
          warned.add(message);
          continue;
        }
        // the same cluster keeps its object, and with it its current credential
        const previous = known.get(result.name);
        next.set(result.name, previous?.key === result.key ? previous : result);
      }
      known = next;
      return [...next.values()];
    },
  };
}
