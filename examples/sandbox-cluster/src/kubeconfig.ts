import { stringify } from 'yaml';

/** A kubeconfig for one cluster, with the CA embedded and a bearer token. */
export function renderKubeconfig(c: { name: string; url: string; caData: string; token: string }): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: c.name, cluster: { server: c.url, 'certificate-authority-data': c.caData } }],
    users: [{ name: `${c.name}-admin`, user: { token: c.token } }],
    contexts: [{ name: c.name, context: { cluster: c.name, user: `${c.name}-admin` } }],
    'current-context': c.name,
    preferences: {},
  });
}
