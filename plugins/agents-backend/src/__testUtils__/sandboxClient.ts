import { request } from 'node:https';
import type { SandboxCluster } from '@agentdeck/sandbox-cluster';
import { PodStatus } from '@agentdeck/plugin-agents-common';
import { PodProxy } from '../services/types';

function get(
  c: SandboxCluster,
  path: string,
  timeoutMs = 5000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${c.url}${path}`,
      {
        headers: { authorization: `Bearer ${c.token}` },
        ca: Buffer.from(c.caData, 'base64'),
        timeout: timeoutMs,
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', d => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}

/** A PodProxy straight to a sandbox's `pods/proxy`, the API path part one's proxy uses. */
export function sandboxPodProxy(c: SandboxCluster): PodProxy {
  return {
    get: req =>
      get(
        c,
        `/api/v1/namespaces/${encodeURIComponent(
          req.namespace,
        )}/pods/${encodeURIComponent(req.pod)}:${req.port}/proxy${req.path}`,
        req.timeoutMs,
      ),
  };
}

/** The agent's running pods as the status service would report them. */
export async function sandboxPods(
  c: SandboxCluster,
  namespace: string,
  id: string,
): Promise<PodStatus[]> {
  const selector = encodeURIComponent(`backstage.io/kubernetes-id=${id}`);
  const res = await get(
    c,
    `/api/v1/namespaces/${namespace}/pods?labelSelector=${selector}`,
  );
  const list = JSON.parse(res.body) as {
    items: Array<{
      metadata: { name: string; creationTimestamp?: string };
      status?: { phase?: string };
    }>;
  };
  return list.items
    .filter(p => p.status?.phase === 'Running')
    .map(p => ({
      name: p.metadata.name,
      namespace,
      phase: 'Running',
      ready: true,
      restarts: 0,
      conditions: [],
      ...(p.metadata.creationTimestamp
        ? { createdAt: p.metadata.creationTimestamp }
        : {}),
    }));
}
