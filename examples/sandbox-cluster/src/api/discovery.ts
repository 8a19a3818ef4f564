import { createHash } from 'node:crypto';
import {
  apiVersionOf,
  groups,
  NO_GROUPS,
  servedTypes,
  ResourceType,
} from './resources';

const verbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

const subKinds: Record<
  string,
  { group: string; version: string; kind: string } | null
> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  log: { group: '', version: '', kind: 'Pod' },
  proxy: { group: '', version: '', kind: 'PodProxyOptions' },
  binding: { group: '', version: '', kind: 'Binding' },
};
const subVerbs: Record<string, string[]> = {
  log: ['get'],
  proxy: ['create', 'delete', 'get', 'patch', 'update'],
  binding: ['create'],
};

export const versionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.13',
  gitCommit: '63adf010aa20e104c0b7043b47f42f50c9f72b17',
  gitTreeState: 'clean',
  buildDate: '2026-11-23T22:54:09Z',
  goVersion: 'go1.23.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const apiVersions = (serverAddress: string) => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

export function apiGroupList(installed: ReadonlySet<string> = NO_GROUPS) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups(installed).map(g => ({
      name: g.name,
      versions: g.versions.map(v => ({
        groupVersion: `${g.name}/${v}`,
        version: v,
      })),
      preferredVersion: {
        groupVersion: `${g.name}/${g.versions[0]}`,
        version: g.versions[0],
      },
    })),
  };
}

const typesIn = (
  group: string,
  version: string,
  installed: ReadonlySet<string>,
) =>
  servedTypes(installed).filter(
    t => t.group === group && t.version === version,
  );

/** Legacy APIResourceList for /api/v1 or /apis/<group>/<version>; undefined when not served. */
export function apiResourceList(
  group: string,
  version: string,
  installed: ReadonlySet<string> = NO_GROUPS,
) {
  const types = typesIn(group, version, installed);
  if (!types.length) return undefined;
  const resources: unknown[] = [];
  for (const t of types) {
    resources.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
      storageVersionHash: createHash('sha256')
        .update(t.storage)
        .digest('base64')
        .slice(0, 11),
    });
    for (const s of t.subresources ?? []) {
      const k = subKinds[s];
      resources.push({
        name: `${t.plural}/${s}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(k?.group ? { group: k.group, version: k.version } : {}),
        kind: k?.kind ?? t.kind,
        verbs: subVerbs[s] ?? ['get', 'patch', 'update'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(types[0]),
    resources,
  };
}

function discoveryResource(t: ResourceType) {
  return {
    resource: t.plural,
    responseKind: { group: '', version: '', kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs,
    ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    ...(t.categories ? { categories: t.categories } : {}),
    ...(t.subresources?.length
      ? {
          subresources: [...t.subresources].sort().map(s => ({
            subresource: s,
            responseKind: subKinds[s] ?? {
              group: '',
              version: '',
              kind: t.kind,
            },
            verbs: subVerbs[s] ?? ['get', 'patch', 'update'],
          })),
        }
      : {}),
  };
}

/** Aggregated discovery (apidiscovery.k8s.io/v2) for /api (core) or /apis (groups). */
export function aggregatedDiscovery(
  core: boolean,
  apiVersion: string,
  installed: ReadonlySet<string> = NO_GROUPS,
) {
  const items = core
    ? [
        {
          metadata: { creationTimestamp: null },
          versions: [
            {
              version: 'v1',
              resources: typesIn('', 'v1', installed).map(discoveryResource),
              freshness: 'Current',
            },
          ],
        },
      ]
    : groups(installed).map(g => ({
        metadata: { name: g.name, creationTimestamp: null },
        versions: g.versions.map(v => ({
          version: v,
          resources: typesIn(g.name, v, installed).map(discoveryResource),
          freshness: 'Current',
        })),
      }));
  return { kind: 'APIGroupDiscoveryList', apiVersion, metadata: {}, items };
}

/** Which aggregated discovery version the Accept header asks for, if any. */
export function wantsAggregated(
  accept: string | undefined,
): 'v2' | 'v2beta1' | undefined {
  if (!accept || !accept.includes('as=APIGroupDiscoveryList')) return undefined;
  for (const part of accept.split(',')) {
    if (!part.includes('g=apidiscovery.k8s.io')) continue;
    if (/v=v2(;|$)/.test(part)) return 'v2';
    if (part.includes('v=v2beta1')) return 'v2beta1';
  }
  return undefined;
}
