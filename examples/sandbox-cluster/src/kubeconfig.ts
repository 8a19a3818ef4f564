import { stringify } from 'yaml';

/** A kubeconfig for one cluster, with the CA embedded and a bearer token. */
export function renderKubeconfig(c: {
  name: string;
  url: string;
  caData: string;
  token: string;
  user: string;
}): string {
  const user = `${c.name}-${c.user.split(':').pop()}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: c.name,
        cluster: { server: c.url, 'certificate-authority-data': c.caData },
      },
    ],
    users: [{ name: user, user: { token: c.token } }],
    contexts: [{ name: c.name, context: { cluster: c.name, user } }],
    'current-context': c.name,
    preferences: {},
  });
}
