import { PodProxy } from '../types';
import { KubeClient, KubeRequestError } from './kubeClient';
import { isSafeProxyPath } from './proxyPath';

/** Pod-proxy GETs through the API server of the named cluster, bounded in time and size. */
export function createPodProxy(
  clientOf: (cluster: string) => KubeClient | undefined,
): PodProxy {
  return {
    async get(req) {
      const path = req.path.startsWith('/') ? req.path : `/${req.path}`;
      // checked here as well as at ingestion: no caller may steer the proxy request
      if (!isSafeProxyPath(path))
        throw new KubeRequestError('error', 'unsafe pod proxy path');
      const client = clientOf(req.cluster);
      if (!client)
        throw new KubeRequestError('error', `unknown cluster ${req.cluster}`);
      const abort = new AbortController();
      // the socket timeout only notices silence; a slow trickle needs a deadline too
      const deadline = setTimeout(() => abort.abort(), req.timeoutMs);
      try {
        return await client.get(
          `/api/v1/namespaces/${encodeURIComponent(
            req.namespace,
          )}/pods/${encodeURIComponent(req.pod)}:${encodeURIComponent(
            String(req.port),
          )}/proxy${path}`,
          {
            timeoutMs: req.timeoutMs,
            maxBytes: req.maxBytes,
            signal: abort.signal,
          },
        );
      } catch (e) {
        if (abort.signal.aborted)
          throw new KubeRequestError(
            'timeout',
            `no answer within ${req.timeoutMs} ms`,
          );
        throw e;
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}
