import { CacheTiming } from './types';
import { arr, Json, obj, str } from './json';
import { KubeClient, statusError } from './kubeClient';

/**
 * Lists a collection page by page. Answers undefined when the API is not
 * installed and `optional` is set (a cluster without KEDA).
 */
export async function listAll(
  client: KubeClient,
  path: string,
  query: Record<string, string>,
  timing: CacheTiming,
  signal: AbortSignal,
  optional = false,
): Promise<{ items: Json[]; resourceVersion: string } | undefined> {
  let items: Json[] = [];
  let resourceVersion = '';
  let cont = '';
  let paged = true;
  for (;;) {
    const q = new URLSearchParams({
      ...query,
      ...(paged ? { limit: '500' } : {}),
      ...(cont ? { continue: cont } : {}),
    });
    const res = await client.get(`${path}?${q}`, {
      timeoutMs: timing.requestTimeoutMs,
      maxBytes: timing.maxListBytes,
      signal,
    });
    if (res.status === 404 && optional) return undefined;
    if (res.status === 410 && cont) {
      // the continue token expired mid-list: like client-go's pager, fall back to one unpaged list
      items = [];
      cont = '';
      paged = false;
      continue;
    }
    if (res.status !== 200) throw statusError(res.status, res.body);
    const body = obj(JSON.parse(res.body));
    items = items.concat(arr(body.items).map(obj));
    resourceVersion = str(obj(body.metadata).resourceVersion) ?? '';
    cont = str(obj(body.metadata).continue) ?? '';
    if (!cont) return { items, resourceVersion };
  }
}
