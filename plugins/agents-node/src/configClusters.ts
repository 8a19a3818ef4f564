import { existsSync } from 'node:fs';
import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { AuthStrategies } from './authStrategies';
import { pemOf, readCaFile, toKubernetesCluster } from './cluster';
import { KubernetesCluster } from './types';

/** The authMetadata the Kubernetes plugin builds from a config cluster's own fields. */
const METADATA_FIELDS: Array<[field: string, key: string]> = [
  ['serviceAccountToken', 'serviceAccountToken'],
  ['assumeRole', ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE],
  ['externalId', ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID],
  ['oidcTokenProvider', ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER],
];

function authMetadataOf(c: Config): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, key] of METADATA_FIELDS) {
    const value = c.getOptionalString(field);
    if (value) out[key] = value;
  }
  // read raw: its keys hold dots and slashes (kubernetes.io/auth-provider), which config paths cannot
  const block = c.getOptional('authMetadata') ?? {};
  if (typeof block !== 'object' || Array.isArray(block))
    throw new Error('authMetadata must be an object of strings');
  for (const [key, value] of Object.entries(block)) {
    if (typeof value !== 'string')
      throw new Error(`authMetadata.${key} must be a string`);
    out[key] = value;
  }
  return out;
}

/** Options of {@link readConfigCluster}. */
export interface ConfigClusterOptions {
  strategies: AuthStrategies;
  credentialTtlMs?: number;
  /** The authProvider of an entry that names none; the Kubernetes plugin requires one. */
  defaultAuthProvider?: string;
}

/**
 * One cluster of a `type: config` locator, read with the Kubernetes plugin's
 * fields and rules; what AgentDeck cannot use is thrown with `where` and the field.
 */
export function readConfigCluster(
  c: Config,
  where: string,
  options: ConfigClusterOptions,
): KubernetesCluster {
  const name = c.getString('name');
  const label = `${where} (${name})`;
  const refuse = (why: string) => new Error(`${label}: ${why}`);
  const url = c.getString('url');
  if (!/^https?:\/\/[^/]/.test(url))
    throw refuse(`url "${url}" is not an http:// or https:// URL`);
  let metadata: Record<string, string>;
  try {
    metadata = authMetadataOf(c);
  } catch (e) {
    throw refuse((e as Error).message);
  }
  const authProvider =
    metadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
    c.getOptionalString('authProvider') ??
    options.defaultAuthProvider;
  if (!authProvider)
    throw refuse(
      'authProvider is missing; set authProvider (or authMetadata.kubernetes.io/auth-provider), e.g. serviceAccount',
    );
  const refusal = options.strategies.refusal(authProvider);
  if (refusal) throw refuse(refusal);
  const strategy = options.strategies.get(authProvider)!;
  const authMetadata: Record<string, string> = {
    ...metadata,
    [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
  };
  const invalid = strategy.validateCluster(authMetadata);
  if (invalid.length) throw refuse(invalid.map(e => e.message).join('; '));

  const caFile = c.getOptionalString('caFile');
  const caData = c.getOptionalString('caData');
  // as the Kubernetes plugin: a file wins over inline data
  let ca = caFile ? readCaFile(caFile, `${label}: caFile`) : undefined;
  if (!ca && caData) ca = pemOf(caData);
  if (authProvider === 'serviceAccount' && !authMetadata.serviceAccountToken) {
    const { tokenFile, caFile: podCa } = options.strategies.inCluster;
    if (!existsSync(tokenFile))
      throw refuse(
        `serviceAccountToken is missing and there is no token of Backstage's own pod at ${tokenFile} (not running in Kubernetes) — set serviceAccountToken`,
      );
    if (!ca && podCa && existsSync(podCa))
      ca = readCaFile(podCa, `${label}: the pod's CA`);
  }
  const title = c.getOptionalString('title');
  const details: ClusterDetails = {
    name,
    ...(title ? { title } : {}),
    url,
    authMetadata,
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    skipMetricsLookup: c.getOptionalBoolean('skipMetricsLookup') ?? false,
    ...(caData ? { caData } : {}),
    ...(caFile ? { caFile } : {}),
  };
  return toKubernetesCluster({
    details,
    source: where,
    strategy,
    ca,
    credentialTtlMs: options.credentialTtlMs,
  });
}
