import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { decodeKubeProtobuf } from './protobuf';
import { badRequest, status, StatusError } from './status';

const maxBody = 20 * 1024 * 1024;

/** Reads the request body, bounded. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody)
        reject(
          new StatusError(
            status(
              413,
              'RequestEntityTooLarge',
              'Request entity too large: limit is 3145728',
            ),
          ),
        );
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Decodes a body by its content type; malformed input is a 400 Status. */
export function decodeBody(
  body: Buffer,
  contentType: string | undefined,
): unknown {
  const ct = (contentType ?? 'application/json').split(';')[0].trim();
  if (ct === 'application/vnd.kubernetes.protobuf') {
    const o = decodeKubeProtobuf(body);
    if (o) return o;
    throw new StatusError(
      status(
        415,
        'UnsupportedMediaType',
        'the sandbox decodes protobuf only for Namespace, ConfigMap, Secret and ServiceAccount; send application/json',
      ),
    );
  }
  const text = body.toString('utf8');
  try {
    if (ct === 'application/apply-patch+yaml' || ct === 'application/yaml')
      return parseYaml(text);
    if (ct.endsWith('json')) return JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `error decoding request body: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  throw new StatusError(
    status(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    ),
  );
}

/** The object a body must be (not an array, not a scalar). */
export function asObject(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw badRequest(
      'the object provided is unrecognized (must be of type Object)',
    );
  const o = v as Record<string, unknown>;
  if (
    o.metadata !== undefined &&
    (o.metadata === null || typeof o.metadata !== 'object')
  )
    throw badRequest('metadata must be an object');
  return o;
}
