import type { ServerResponse } from 'node:http';

/** A Kubernetes Status body, as the API server sends for failures. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, string>;
  status: 'Failure' | 'Success';
  message: string;
  reason?: string;
  details?: Record<string, unknown>;
  code: number;
}

/** Builds a failure Status, keeping the key order the API server uses. */
export function status(
  code: number,
  reason: string | undefined,
  message: string,
  details?: Record<string, unknown>,
  metadata: Record<string, string> = {},
): StatusBody {
  const s: StatusBody = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata,
    status: 'Failure',
    message,
  } as StatusBody;
  if (reason) s.reason = reason;
  if (details) s.details = details;
  s.code = code;
  return s;
}

/** Error carrying a Status body through handlers. */
export class StatusError extends Error {
  constructor(
    readonly body: StatusBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export const notFound = (resource: string, name: string, group = '') =>
  new StatusError(
    status(
      404,
      'NotFound',
      `${resource}${group ? `.${group}` : ''} "${name}" not found`,
      { name, ...(group ? { group } : {}), kind: resource },
    ),
  );

export const alreadyExists = (resource: string, name: string, group = '') =>
  new StatusError(
    status(
      409,
      'AlreadyExists',
      `${resource}${group ? `.${group}` : ''} "${name}" already exists`,
      { name, ...(group ? { group } : {}), kind: resource },
    ),
  );

export const badRequest = (message: string) =>
  new StatusError(status(400, 'BadRequest', message));

export const conflict = (resource: string, name: string, group = '') =>
  new StatusError(
    status(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${resource}${
        group ? `.${group}` : ''
      } "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      {
        name,
        ...(group ? { group } : {}),
        kind: resource,
      },
    ),
  );

export interface InvalidCause {
  field: string;
  message: string;
  reason?: string;
}

/** 422 Invalid with causes, as in error-422-invalid-deployment-negative-replicas.json. */
export function invalid(
  kind: string,
  group: string,
  name: string,
  causes: InvalidCause[],
): StatusError {
  const summary = causes.map(c => `${c.field}: ${c.message}`).join(', ');
  const qualified = group ? `${kind}.${group}` : kind;
  return new StatusError(
    status(
      422,
      'Invalid',
      `${qualified} "${name}" is invalid: ${
        causes.length > 1 ? `[${summary}]` : summary
      }`,
      {
        name,
        ...(group ? { group } : {}),
        kind,
        causes: causes.map(c => ({
          reason: c.reason ?? 'FieldValueInvalid',
          message: c.message,
          field: c.field,
        })),
      },
    ),
  );
}

/** Sends a JSON body with the headers a real API server adds. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export const sendStatus = (
  res: ServerResponse,
  s: StatusBody,
  headers: Record<string, string> = {},
) => sendJson(res, s.code, s, headers);

/** The plain-text 404 of an API group that is not installed (metrics.k8s.io). */
export function sendPlain404(res: ServerResponse): void {
  res.writeHead(404, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache, private',
  });
  res.end('404 page not found\n');
}
