/**
 * Forms send empty strings for fields left blank; the spec wants those fields absent.
 * Runs before validation so "no ingress" is not reported as "ingress.host: must be a hostname".
 */
export function normalizeSpecInput(
  input: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  const blank = (v: unknown) =>
    v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  const ingress = out.ingress as { host?: unknown } | undefined;
  if (ingress && blank(ingress.host)) delete out.ingress;
  const queue = out.queue as { address?: unknown } | undefined;
  if (queue && blank(queue.address)) delete out.queue;
  const secrets = out.secrets as Record<string, unknown> | undefined;
  if (secrets && !blank(secrets.existingSecret)) {
    out.secrets = { existingSecret: secrets.existingSecret };
  } else if (secrets) {
    out.secrets = { store: secrets.store, remoteKey: secrets.remoteKey };
  }
  if (out.dependencies && typeof out.dependencies === 'object') {
    out.dependencies = Object.fromEntries(
      Object.entries(out.dependencies as Record<string, unknown>).filter(
        ([, v]) => !blank(v),
      ),
    );
  }
  if (Array.isArray(out.egressHosts)) {
    out.egressHosts = out.egressHosts
      .map(h => (typeof h === 'string' ? h.trim() : h))
      .filter(h => !blank(h));
  }
  for (const key of Object.keys(out))
    if (out[key] === undefined) delete out[key];
  return out;
}
