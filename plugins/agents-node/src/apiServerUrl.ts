import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

function isPublic(address: string): boolean {
  try {
    return ipaddr.process(address).range() === 'unicast';
  } catch {
    return false;
  }
}

function allowedHost(host: string, patterns: string[]): boolean {
  return patterns.some(p => {
    const pattern = p.toLowerCase();
    if (!pattern.startsWith('*.')) return host === pattern;
    return host === pattern.slice(2) || host.endsWith(pattern.slice(1));
  });
}

/**
 * Why a catalog entity's API-server URL may not be called, or undefined.
 * Anyone who can register an entity picks this URL, so, as Backstage's
 * Kubernetes plugin does, only public HTTPS hosts are called unless the
 * locator's `dangerouslyAllowClusterUrls` names the host.
 */
export async function refuseCatalogApiServerUrl(
  raw: string,
  dangerouslyAllowClusterUrls: string[],
): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL`;
  }
  if (url.username || url.password) return 'the URL carries credentials';
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `${url.protocol} is not HTTP or HTTPS`;
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (allowedHost(host, dangerouslyAllowClusterUrls)) return undefined;
  const hint = `(list "${host}" in dangerouslyAllowClusterUrls to allow it)`;
  if (url.protocol !== 'https:') return `it is not HTTPS ${hint}`;
  const addresses = ipaddr.isValid(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        all => all.map(a => a.address),
        () => [],
      );
  if (!addresses.length) return `"${host}" does not resolve`;
  const inner = addresses.find(a => !isPublic(a));
  if (inner) return `"${host}" is a non-public address (${inner}) ${hint}`;
  return undefined;
}
