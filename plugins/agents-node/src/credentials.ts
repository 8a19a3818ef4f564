import { KubernetesCredential } from '@backstage/plugin-kubernetes-node';

/**
 * How long one credential is reused. Strategies differ in what they cache:
 * Google's builds a new client per call, AWS's signs a token per call; a
 * minute keeps that off every request while staying far inside the shortest
 * lifetime they hand out (an EKS token lives 15 minutes).
 */
export const CREDENTIAL_TTL_MS = 60_000;

/** One credential shared by concurrent callers and reused for `ttlMs`. */
export function memoizeCredential(
  fetchCredential: () => Promise<KubernetesCredential>,
  ttlMs: number = CREDENTIAL_TTL_MS,
  now: () => number = Date.now,
): { get(): Promise<KubernetesCredential>; invalidate(): void } {
  let current: { value: Promise<KubernetesCredential>; at: number } | undefined;
  return {
    get() {
      if (current && now() - current.at < ttlMs) return current.value;
      const entry = { value: fetchCredential(), at: now() };
      current = entry;
      // a failed attempt must not be served for a minute
      entry.value.catch(() => {
        if (current === entry) current = undefined;
      });
      return entry.value;
    },
    invalidate() {
      current = undefined;
    },
  };
}

/**
 * What one request to the API server carries for a credential: headers, and
 * for a client certificate the TLS options (`cert`, `key`) of the connection.
 * @public
 */
export interface KubernetesRequestCredentials {
  headers: Record<string, string>;
  cert?: string;
  key?: string;
}

/** Maps a credential to what a request carries. @public */
export function credentialRequestOptions(
  credential: KubernetesCredential,
): KubernetesRequestCredentials {
  switch (credential.type) {
    case 'bearer token':
      return { headers: { Authorization: `Bearer ${credential.token}` } };
    case 'x509 client certificate':
      return { headers: {}, cert: credential.cert, key: credential.key };
    default:
      return { headers: {} };
  }
}
