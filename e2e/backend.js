// The demo's backend and clusters as the e2e suites reach them: the guest's
// token, JSON calls to the REST APIs, waiting for a condition, and kubectl
// against the sandbox with the kubeconfig `./agentdeck start` writes.
const { execFile } = require('node:child_process');
const path = require('node:path');

const backendUrl = process.env.AGENTDECK_BACKEND_URL || 'http://localhost:7007';
const kubeconfig =
  process.env.AGENTDECK_KUBECONFIG ||
  path.resolve(__dirname, '../.agentdeck/kubeconfig');

/** A token of the guest user, as the app signs in. */
async function guestToken() {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** A JSON call to the backend as the guest; throws with the answer unless 2xx. */
async function api(method, url, body) {
  const res = await fetch(`${backendUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${await guestToken()}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Calls `check` every 2 s until it returns something truthy, which it returns; the last error in the timeout's message. */
async function until(what, check, timeout = 150000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    const value = await check().catch(e => {
      last = e;
      return undefined;
    });
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out: ${what}${last ? ` (${last.message})` : ''}`);
    await new Promise(r => setTimeout(r, 2000));
  }
}

/**
 * Creates an agent through the scaffolder's task API as the guest, from an
 * HTTP API agent template (`templateRef`) with a complete form; `overrides`
 * changes fields. Resolves with the finished task (status completed or failed).
 */
async function createHttpAgent(templateRef, name, overrides = {}) {
  const { id } = await api('POST', '/api/scaffolder/v2/tasks', {
    templateRef,
    values: {
      name,
      description: 'Answers questions',
      owner: 'group:default/support-team',
      system: 'system:default/customer-support',
      lifecycle: 'production',
      profile: 'api',
      provider: 'openai',
      model: 'gpt-4o-mini',
      checks: ['llm_api'],
      llmBaseUrl: 'https://api.openai.com/v1',
      minReplicas: 1,
      maxReplicas: 3,
      target: 4,
      ingressHost: `${name}.example.com`,
      proxyTimeoutSeconds: 300,
      longestTaskSeconds: 120,
      egressHosts: ['api.openai.com'],
      secretSource: 'external',
      secretStore: 'vault',
      remoteKey: `ai/${name}`,
      repoUrl: `github.com?owner=e2e&repo=${name}`,
      namespace: 'support-agents',
      imageRepository: `registry.example.com/${name}`,
      imageTag: '1.0.0',
      environments: ['dev', 'production'],
      deployNow: false,
      cluster: 'sandbox-eu',
      ...overrides,
    },
  });
  return until('the create task', async () => {
    const t = await api('GET', `/api/scaffolder/v2/tasks/${id}`);
    return ['completed', 'failed'].includes(t.status) && t;
  });
}

/** kubectl from PATH against the demo's sandbox clusters. */
function kubectl(args) {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: 30000 },
      (err, stdout, stderr) => {
        if (err?.code === 'ENOENT')
          reject(
            new Error(
              'kubectl was not found on PATH; the e2e suites need kubectl 1.32',
            ),
          );
        else if (err)
          reject(
            new Error(`kubectl ${args.join(' ')}: ${stderr || err.message}`),
          );
        else resolve(stdout);
      },
    );
  });
}

module.exports = {
  backendUrl,
  kubeconfig,
  guestToken,
  api,
  until,
  kubectl,
  createHttpAgent,
};
