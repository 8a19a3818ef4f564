import { createHash } from 'node:crypto';
import { apiVersionOf, NO_GROUPS, servedTypes } from './resources';

const gvPath = (group: string, version: string) =>
  group ? `apis/${group}/${version}` : `api/${version}`;

/**
 * Minimal OpenAPI v3. kubectl (1.32) refuses `apply` when neither /openapi/v3 nor
 * /openapi/v2 exists ("failed to download openapi"); it only needs each kind's
 * PATCH operation to list the fieldValidation parameter, so that it validates
 * server-side. No requestBody is declared, so kubectl computes strategic merge
 * patches from its built-in types instead of from schemas.
 */
export function openapiDoc(
  group: string,
  version: string,
  installed: ReadonlySet<string> = NO_GROUPS,
) {
  const types = servedTypes(installed).filter(
    t => t.group === group && t.version === version,
  );
  if (!types.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of types) {
    const base = `/${gvPath(group, version)}${
      t.namespaced ? '/namespaces/{namespace}' : ''
    }/${t.plural}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
        'x-kubernetes-action': 'patch',
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map(
          name => ({
            name,
            in: 'query',
            schema: {
              type: name === 'force' ? 'boolean' : 'string',
              uniqueItems: true,
            },
          }),
        ),
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.13' },
    paths,
    components: { schemas: {} },
  };
}

const hashOf = (s: string) =>
  createHash('sha512').update(s).digest('hex').toUpperCase().slice(0, 128);

/** The /openapi/v3 index of group-version documents. */
export function openapiIndex(installed: ReadonlySet<string> = NO_GROUPS) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const t of servedTypes(installed)) {
    const p = gvPath(t.group, t.version);
    if (!paths[p])
      paths[p] = {
        serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(apiVersionOf(t))}`,
      };
  }
  return { paths };
}

/** Resolves /openapi/v3[/api/v1|/apis/g/v]; undefined when unknown. */
export function openapiFor(
  path: string,
  installed: ReadonlySet<string> = NO_GROUPS,
): unknown {
  if (path === '/openapi/v3') return openapiIndex(installed);
  const m = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  return m[1]
    ? openapiDoc('', m[1], installed)
    : openapiDoc(m[2], m[3], installed);
}
