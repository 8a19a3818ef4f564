// Issue 19's attack against the running demo: a signed-in guest asks Backstage's
// Kubernetes proxy for Secrets, and the token Backstage holds for the clusters
// asks the sandbox for them directly. Both must be refused.
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const { parse } = require('yaml');

const backend = process.env.AGENTDECK_BACKEND_URL || 'http://localhost:7007';
// written by scripts/lib/stack.mjs for the stack under test
const stateDir = path.resolve(__dirname, '../.agentdeck');
const reader = 'system:serviceaccount:agentdeck:agentdeck-reader';

async function signInAsGuest() {
  const res = await fetch(`${backend}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.status).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

/** Retries a GET until it answers 200: the catalog may still be reading its files. */
async function getWhenReady(url, headers) {
  const deadline = Date.now() + 120000;
  for (;;) {
    const res = await fetch(url, { headers });
    if (res.status === 200 || Date.now() > deadline) return res;
    await new Promise(r => setTimeout(r, 2000));
  }
}

/** A GET to a sandbox API server, trusting its CA only. */
function sandboxGet(cluster, token, apiPath) {
  return new Promise((resolve, reject) => {
    const req = https.get(
      new URL(apiPath, cluster.url),
      {
        ca: Buffer.from(cluster.caData, 'base64').toString('utf8'),
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
        },
      },
      res => {
        let text = '';
        res.on('data', d => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode, json: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
  });
}

describe('Secrets stay out of reach of Backstage users', () => {
  let overlay;
  beforeAll(() => {
    overlay = parse(
      fs.readFileSync(path.join(stateDir, 'app-config.sandbox.yaml'), 'utf8'),
    );
  });

  it("refuses a signed-in guest the Kubernetes plugin's proxy, and only that", async () => {
    const token = await signInAsGuest();
    const as = { authorization: `Bearer ${token}` };
    const proxied = await fetch(
      `${backend}/api/kubernetes/proxy/api/v1/namespaces/ai-agents/secrets`,
      {
        headers: { ...as, 'Backstage-Kubernetes-Cluster': 'sandbox-eu' },
      },
    );
    const body = await proxied.text();
    expect([proxied.status, body]).toEqual([
      403,
      expect.stringContaining('NotAllowedError'),
    ]);
    expect(body).not.toContain('SecretList');

    // the same guest still sees the clusters, the catalog and the agents
    const clusters = await (
      await fetch(`${backend}/api/kubernetes/clusters`, { headers: as })
    ).json();
    expect(clusters.items.map(c => c.name)).toEqual(
      expect.arrayContaining(['sandbox-eu', 'sandbox-us']),
    );
    const agent = await getWhenReady(
      `${backend}/api/catalog/entities/by-name/agent/default/billing-agent`,
      as,
    );
    expect(agent.status).toBe(200);
    const status = await getWhenReady(
      `${backend}/api/agents/entities/default/billing-agent/status`,
      as,
    );
    expect(status.status).toBe(200);
  });

  it('gives Backstage a cluster token that reads workloads but no Secrets', async () => {
    const clusters = overlay.kubernetes.clusterLocatorMethods[0].clusters;
    expect(clusters.map(c => c.name)).toEqual(['sandbox-eu', 'sandbox-us']);
    for (const c of clusters) {
      const pods = await sandboxGet(
        c,
        c.serviceAccountToken,
        '/api/v1/pods?limit=1',
      );
      expect([c.name, pods.status]).toEqual([c.name, 200]);
      const secrets = await sandboxGet(
        c,
        c.serviceAccountToken,
        '/api/v1/namespaces/ai-agents/secrets',
      );
      expect([c.name, secrets.status]).toEqual([c.name, 403]);
      expect(secrets.json.message).toBe(
        `secrets is forbidden: User "${reader}" cannot list resource "secrets" in API group "" in the namespace "ai-agents"`,
      );
    }
  });

  it('keeps the writing token for the scaffolder alone, and the Secrets it could read exist', async () => {
    const readers = overlay.kubernetes.clusterLocatorMethods[0].clusters;
    const writers = overlay.agentdeck.kubernetesApply.clusters;
    for (const w of writers) {
      const r = readers.find(c => c.name === w.name);
      expect(w.serviceAccountToken).not.toBe(r.serviceAccountToken);
      const secrets = await sandboxGet(
        w,
        w.serviceAccountToken,
        '/api/v1/namespaces/ai-agents/secrets',
      );
      expect([w.name, secrets.status]).toEqual([w.name, 200]);
      expect(secrets.json.items.length).toBeGreaterThan(0);
    }
  });
});
