import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context';
import { notFound, sendStatus, status } from './status';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `name`, `name:port` or `scheme:name:port`, as the pod proxy path allows. */
function splitTarget(target: string): { name: string; port?: string } {
  const parts = target.split(':');
  if (parts.length === 3) return { name: parts[1], port: parts[2] };
  if (parts.length === 2) return { name: parts[0], port: parts[1] };
  return { name: target };
}

/** GET /api/v1/namespaces/{ns}/pods/{name}[:port]/proxy/{path}: forwarded to the simulated container. */
export function handleProxy(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ns: string | undefined,
  target: string,
  rest: string,
  q: URLSearchParams,
) {
  const { name, port } = splitTarget(target);
  const pod = ctx.store.get('/pods', ns, name) as Json | undefined;
  if (!pod) throw notFound('pods', name);
  const query = q.toString();
  const answer = ctx.proxy(
    ns ?? '',
    name,
    port,
    `/${rest}${query ? `?${query}` : ''}`,
  );
  if (!answer) {
    const portNum =
      port && /^\d+$/.test(port)
        ? port
        : String(pod.spec?.containers?.[0]?.ports?.[0]?.containerPort ?? 80);
    return sendStatus(
      res,
      status(
        503,
        'ServiceUnavailable',
        `error trying to reach service: dial tcp ${
          pod.status?.podIP ?? ''
        }:${portNum}: connect: connection refused`,
      ),
    );
  }
  if (answer.hang) {
    // The 'slow' fault: hold the request open; the client's own timeout ends it.
    req.socket.setTimeout(0);
    return undefined;
  }
  res.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': String(Buffer.byteLength(answer.body)),
  });
  res.end(answer.body);
  return undefined;
}

/** Container logs, or the 500 the API server gives when the kubelet cannot be reached. */
export function handleLog(
  ctx: ApiContext,
  res: ServerResponse,
  ns: string | undefined,
  name: string,
  q: URLSearchParams,
) {
  const pod = ctx.store.get('/pods', ns, name) as Json | undefined;
  if (!pod) throw notFound('pods', name);
  const text = ctx.logs(ns ?? '', name);
  if (text === undefined) {
    const container =
      q.get('container') ?? pod.spec?.containers?.[0]?.name ?? 'agent';
    const tail = q.get('tailLines') ? `?tailLines=${q.get('tailLines')}` : '';
    const host = pod.status?.hostIP ?? '10.0.0.11';
    return sendStatus(
      res,
      status(
        500,
        undefined,
        `Get "https://${host}:10250/containerLogs/${ns}/${name}/${container}${tail}": dial tcp ${host}:10250: connect: connection refused`,
      ),
    );
  }
  const tailLines = Number(q.get('tailLines') ?? 0);
  const lines = text.split('\n');
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(tailLines > 0 ? lines.slice(-tailLines - 1).join('\n') : text);
  return undefined;
}
