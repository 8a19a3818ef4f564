import https from 'node:https';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SandboxCluster } from '../types';

// Tests run from source, next to the shared fixtures.
const here = __dirname;
export const fixturesDir = resolve(
  here,
  '../../../../../shared/fixtures/kubernetes-v1.32',
);
export const fixture = (name: string) =>
  JSON.parse(readFileSync(resolve(fixturesDir, name), 'utf8'));
export const fixtureText = (name: string) =>
  readFileSync(resolve(fixturesDir, name), 'utf8');

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A raw HTTPS request to the sandbox, trusting its CA (never the global agent). */
export function call(
  c: SandboxCluster,
  path: string,
  opts: {
    method?: string;
    body?: string;
    token?: string | null;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const url = new URL(path, c.url);
  const agent = new https.Agent({
    ca: Buffer.from(c.caData, 'base64').toString('utf8'),
  });
  return new Promise((res, rej) => {
    const req = https.request(
      url,
      {
        agent,
        method: opts.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(opts.token === null
            ? {}
            : { authorization: `Bearer ${opts.token ?? c.token}` }),
          ...(opts.body ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        timeout: opts.timeoutMs ?? 20000,
      },
      r => {
        const chunks: Buffer[] = [];
        r.on('data', d => chunks.push(d));
        r.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          agent.destroy();
          res({ status: r.statusCode ?? 0, headers: r.headers, text, json });
        });
        r.on('error', rej);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', e => {
      agent.destroy();
      rej(e);
    });
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** Key names and JSON types of an object, for shape comparison. */
const typeName = (v: unknown) => {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
};
export const shape = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeName(v)]));
