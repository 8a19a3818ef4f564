import http from 'node:http';
import https from 'node:https';
import { ClusterError } from '@agentdeck/plugin-agents-common';
import {
  credentialRequestOptions,
  KubernetesRequestCredentials,
} from '@agentdeck/plugin-agents-node';
import { ClusterConfig } from './types';
import { userAgentFor } from './userAgent';

/** A failed API-server call, classified the way the status view reports it. */
export class KubeRequestError extends Error {
  constructor(
    readonly kind: ClusterError['kind'],
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

/** An answer or watch event past its size limit: the connection is closed and the failure reported. */
export class ResponseTooLargeError extends KubeRequestError {
  constructor(what: string, maxBytes: number) {
    super('error', `${what} larger than ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

// a Status body says what went wrong in its first few hundred bytes
const MAX_ERROR_BODY = 64 * 1024;

/** Options of one buffered request. */
export interface KubeRequestOptions {
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/** Minimal HTTP client for one cluster: its current credential, CA, keep-alive agent, AgentDeck's User-Agent. */
export interface KubeClient {
  readonly cluster: ClusterConfig;
  get(
    path: string,
    opts: KubeRequestOptions,
  ): Promise<{ status: number; body: string }>;
  /** Streams a watch; resolves when the server ends it; `onLine` gets each line. */
  stream(
    path: string,
    onLine: (line: string) => void,
    opts: {
      timeoutMs: number;
      signal: AbortSignal;
      onOpen: () => void;
      maxBytes: number;
    },
  ): Promise<void>;
  close(): void;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'EAI_AGAIN',
]);

function transportError(err: NodeJS.ErrnoException): KubeRequestError {
  if (err instanceof KubeRequestError) return err;
  if (err.code && UNREACHABLE.has(err.code))
    return new KubeRequestError('unreachable', err.message);
  if (err.name === 'AbortError')
    return new KubeRequestError('timeout', 'request aborted');
  return new KubeRequestError('error', err.message);
}

/** Turns a non-2xx answer into an error, reading the Status message when there is one. */
export function statusError(status: number, body: string): KubeRequestError {
  let message = body.slice(0, 300).trim();
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // not a Status body (e.g. text/plain 404 page not found)
  }
  let kind: ClusterError['kind'] = 'error';
  if (status === 401) kind = 'unauthorized';
  else if (status === 403) kind = 'forbidden';
  else if (status === 504) kind = 'timeout';
  return new KubeRequestError(kind, `HTTP ${status}: ${message}`, status);
}

/** What a request carries for the cluster's current credential (a bearer header, or a client certificate). */
async function requestCredentials(
  cluster: ClusterConfig,
): Promise<KubernetesRequestCredentials> {
  if (!cluster.credential)
    return {
      headers: cluster.token
        ? { Authorization: `Bearer ${cluster.token}` }
        : {},
    };
  try {
    return credentialRequestOptions(await cluster.credential());
  } catch (e) {
    throw new KubeRequestError(
      'unauthorized',
      `no credential for cluster ${cluster.name}: ${(e as Error).message}`,
    );
  }
}

/** Creates a client for one configured cluster. */
export function createKubeClient(cluster: ClusterConfig): KubeClient {
  const url = new URL(cluster.url);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        ca: cluster.caData,
        rejectUnauthorized: !cluster.skipTLSVerify,
      })
    : new http.Agent({ keepAlive: true });
  // watches hold their connection for minutes; a fresh one each time notices a refusing server
  const streamAgent = secure
    ? new https.Agent({
        keepAlive: false,
        ca: cluster.caData,
        rejectUnauthorized: !cluster.skipTLSVerify,
      })
    : new http.Agent({ keepAlive: false });
  const basePath = url.pathname.replace(/\/$/, '');
  const userAgent = userAgentFor(cluster.name);

  async function open(
    path: string,
    timeoutMs: number,
    signal?: AbortSignal,
    stream = false,
  ): Promise<http.IncomingMessage> {
    const auth = await requestCredentials(cluster);
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = (secure ? https : http).request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port,
          path: basePath + path,
          method: 'GET',
          agent: stream ? streamAgent : agent,
          // per request: the agent keeps connections of another certificate apart
          ...(auth.cert ? { cert: auth.cert, key: auth.key } : {}),
          signal,
          headers: {
            Accept: 'application/json',
            'User-Agent': userAgent,
            ...auth.headers,
          },
        },
        resolve,
      );
      req.setTimeout(timeoutMs, () =>
        req.destroy(
          new KubeRequestError('timeout', `no answer within ${timeoutMs} ms`),
        ),
      );
      req.on('error', e => reject(transportError(e)));
      req.end();
    });
    // an expired or rotated credential: the next request asks the strategy again
    if (res.statusCode === 401) cluster.invalidateCredential?.();
    return res;
  }

  return {
    cluster,
    async get(path, opts) {
      const res = await open(path, opts.timeoutMs, opts.signal);
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            res.destroy(new ResponseTooLargeError('response', opts.maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', e => reject(transportError(e)));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
    },
    async stream(path, onLine, opts) {
      const res = await open(path, opts.timeoutMs, opts.signal, true);
      if ((res.statusCode ?? 0) >= 300) {
        const limit = Math.min(opts.maxBytes, MAX_ERROR_BODY);
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of res) {
          size += (c as Buffer).length;
          if (size > limit) {
            res.destroy();
            throw new ResponseTooLargeError(
              `HTTP ${res.statusCode} error body`,
              limit,
            );
          }
          chunks.push(c as Buffer);
        }
        throw statusError(
          res.statusCode ?? 0,
          Buffer.concat(chunks).toString('utf8'),
        );
      }
      opts.onOpen();
      await new Promise<void>((resolve, reject) => {
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl = buffered.indexOf('\n');
          while (nl >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            nl = buffered.indexOf('\n');
            if (!line) continue;
            try {
              onLine(line);
            } catch (e) {
              // the caller wants this watch over (e.g. 410 Expired): close it and relist
              res.destroy();
              reject(e);
              return;
            }
          }
          // one event is one line (counted in UTF-16 units): a line that never ends must not grow without bound
          if (buffered.length > opts.maxBytes) {
            // rejected first: destroying emits 'aborted', which would name the wrong cause
            reject(new ResponseTooLargeError('watch event', opts.maxBytes));
            res.destroy();
          }
        });
        res.on('error', e => reject(transportError(e)));
        res.on('aborted', () =>
          reject(
            new KubeRequestError('unreachable', 'watch connection dropped'),
          ),
        );
        res.on('end', () => {
          try {
            if (buffered.trim()) onLine(buffered.trim());
            resolve();
          } catch (e) {
            reject(e);
          }
        });
      });
    },
    close() {
      agent.destroy();
      streamAgent.destroy();
    },
  };
}
