import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import { memoizeCredential } from './credentials';
import { KubernetesCluster } from './types';

/** caData as the Kubernetes plugin takes it (base64 of the PEM, as in a kubeconfig); PEM is accepted too. */
export function pemOf(caData: string): string {
  return caData.includes('-----BEGIN')
    ? caData
    : Buffer.from(caData, 'base64').toString('utf8');
}

/** Reads a CA file, or says which field named a file that cannot be read. */
export function readCaFile(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(
      `${field} "${file}" cannot be read (${
        (e as NodeJS.ErrnoException).code ?? (e as Error).message
      })`,
    );
  }
}

/** Options of {@link toKubernetesCluster}. */
export interface ClusterParts {
  details: ClusterDetails;
  source: string;
  strategy: AuthenticationStrategy;
  /** PEM of the CA, already read. */
  ca?: string;
  credentialTtlMs?: number;
}

/** A cluster whose credential comes from its auth strategy, asked again as it ages. */
export function toKubernetesCluster(parts: ClusterParts): KubernetesCluster {
  const { details, strategy } = parts;
  const authProvider =
    details.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  const credential = memoizeCredential(async () => {
    // no signed-in user in the background: strategies that need one were refused at startup
    const c = await strategy.getCredential(details, {});
    if (
      c.type === 'anonymous' &&
      authProvider !== 'anonymous' &&
      authProvider !== 'localKubectlProxy'
    )
      throw new Error(
        `authProvider "${authProvider}" gave no credential for cluster ${details.name}`,
      );
    return c;
  }, parts.credentialTtlMs);
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        details.url,
        parts.ca ?? '',
        details.skipTLSVerify ?? false,
        details.authMetadata,
      ]),
    )
    .digest('hex');
  return {
    name: details.name,
    ...(details.title ? { title: details.title } : {}),
    url: details.url,
    ...(parts.ca ? { ca: parts.ca } : {}),
    skipTLSVerify: details.skipTLSVerify ?? false,
    skipMetricsLookup: details.skipMetricsLookup ?? false,
    authProvider,
    source: parts.source,
    key,
    details,
    getCredential: credential.get,
    invalidateCredential: credential.invalidate,
  };
}
