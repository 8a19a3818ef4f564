/** Description of one served resource type. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];
  /** Storage bucket; two API views (core and events.k8s.io events) can share one. */
  storage: string;
  /** A custom resource only served where a scenario installs its group (see {@link OPTIONAL_GROUPS}). */
  optional?: boolean;
}

/**
 * API groups of CRDs a scenario installs or not (`crds:`): where they are not
 * installed, their paths are 404 and discovery does not list them, as on a
 * cluster without the CRD. Other custom groups (keda.sh...) are always served.
 */
export const OPTIONAL_GROUPS: readonly string[] = ['kagent.dev'];

/** No optional group installed. */
export const NO_GROUPS: ReadonlySet<string> = new Set();

type Def = [
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
  subresources?: string[],
  storage?: string,
];

const defs: Def[] = [
  ['', 'v1', 'namespaces', 'Namespace', false, ['ns'], ['status']],
  ['', 'v1', 'nodes', 'Node', false, ['no'], ['status']],
  [
    '',
    'v1',
    'pods',
    'Pod',
    true,
    ['po'],
    ['status', 'log', 'proxy', 'binding'],
  ],
  ['', 'v1', 'services', 'Service', true, ['svc'], ['status', 'proxy']],
  ['', 'v1', 'endpoints', 'Endpoints', true, ['ep']],
  ['', 'v1', 'events', 'Event', true, ['ev'], [], 'events'],
  ['', 'v1', 'configmaps', 'ConfigMap', true, ['cm']],
  ['', 'v1', 'secrets', 'Secret', true],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true, ['quota'], ['status']],
  ['', 'v1', 'limitranges', 'LimitRange', true, ['limits']],
  [
    '',
    'v1',
    'persistentvolumeclaims',
    'PersistentVolumeClaim',
    true,
    ['pvc'],
    ['status'],
  ],
  [
    'apps',
    'v1',
    'deployments',
    'Deployment',
    true,
    ['deploy'],
    ['status', 'scale'],
  ],
  [
    'apps',
    'v1',
    'replicasets',
    'ReplicaSet',
    true,
    ['rs'],
    ['status', 'scale'],
  ],
  [
    'apps',
    'v1',
    'statefulsets',
    'StatefulSet',
    true,
    ['sts'],
    ['status', 'scale'],
  ],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds'], ['status']],
  [
    'autoscaling',
    'v2',
    'horizontalpodautoscalers',
    'HorizontalPodAutoscaler',
    true,
    ['hpa'],
    ['status'],
  ],
  ['batch', 'v1', 'jobs', 'Job', true, [], ['status']],
  ['batch', 'v1', 'cronjobs', 'CronJob', true, ['cj'], ['status']],
  [
    'policy',
    'v1',
    'poddisruptionbudgets',
    'PodDisruptionBudget',
    true,
    ['pdb'],
    ['status'],
  ],
  ['events.k8s.io', 'v1', 'events', 'Event', true, ['ev'], [], 'events'],
  [
    'networking.k8s.io',
    'v1',
    'networkpolicies',
    'NetworkPolicy',
    true,
    ['netpol'],
  ],
  [
    'networking.k8s.io',
    'v1',
    'ingresses',
    'Ingress',
    true,
    ['ing'],
    ['status'],
  ],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false],
  [
    'rbac.authorization.k8s.io',
    'v1',
    'clusterrolebindings',
    'ClusterRoleBinding',
    false,
  ],
  [
    'keda.sh',
    'v1alpha1',
    'scaledobjects',
    'ScaledObject',
    true,
    ['so'],
    ['status'],
  ],
  [
    'keda.sh',
    'v1alpha1',
    'triggerauthentications',
    'TriggerAuthentication',
    true,
    ['ta'],
  ],
  [
    'monitoring.coreos.com',
    'v1',
    'servicemonitors',
    'ServiceMonitor',
    true,
    ['smon'],
  ],
  [
    'external-secrets.io',
    'v1',
    'externalsecrets',
    'ExternalSecret',
    true,
    ['es'],
    ['status'],
  ],
  // kagent 0.x (0.6 and later) serves both versions, v1alpha2 the stored one and
  // the preferred version; kagent 1.0 moved to api.kagent.dev (not simulated)
  ['kagent.dev', 'v1alpha2', 'agents', 'Agent', true, [], ['status']],
  ['kagent.dev', 'v1alpha1', 'agents', 'Agent', true, [], ['status']],
  [
    'external-secrets.io',
    'v1',
    'clustersecretstores',
    'ClusterSecretStore',
    false,
    ['css'],
    ['status'],
  ],
];

const allCategory = new Set([
  'pods',
  'services',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'horizontalpodautoscalers',
  'jobs',
  'cronjobs',
]);

/** Every resource type the sandbox serves. */
export const resourceTypes: ResourceType[] = defs.map(
  ([
    group,
    version,
    plural,
    kind,
    namespaced,
    shortNames,
    subresources,
    storage,
  ]) => ({
    group,
    version,
    plural,
    kind,
    namespaced,
    singular: kind.toLowerCase(),
    shortNames: shortNames?.length ? shortNames : undefined,
    categories: allCategory.has(plural) ? ['all'] : undefined,
    subresources: subresources ?? [],
    storage: storage ?? `${group}/${plural}`,
    ...(OPTIONAL_GROUPS.includes(group) ? { optional: true } : {}),
  }),
);

/** Whether a type is served given the optional groups installed. */
export const isServed = (t: ResourceType, installed: ReadonlySet<string>) =>
  !t.optional || installed.has(t.group);

/** The types served given the optional groups installed. */
export const servedTypes = (installed: ReadonlySet<string> = NO_GROUPS) =>
  resourceTypes.filter(t => isServed(t, installed));

export const apiVersionOf = (t: ResourceType) =>
  t.group ? `${t.group}/${t.version}` : t.version;

/** Finds a type by group, version and plural. */
export function findType(
  group: string,
  version: string,
  plural: string,
  installed: ReadonlySet<string> = NO_GROUPS,
): ResourceType | undefined {
  return resourceTypes.find(
    t =>
      t.group === group &&
      t.version === version &&
      t.plural === plural &&
      isServed(t, installed),
  );
}

/** The type used for storage-level access (controllers), by storage key. */
export function typeOf(storage: string): ResourceType {
  const t = resourceTypes.find(r => r.storage === storage);
  if (!t) throw new Error(`unknown storage ${storage}`);
  return t;
}

/** Groups in discovery order, each with its versions. */
export function groups(
  installed: ReadonlySet<string> = NO_GROUPS,
): Array<{ name: string; versions: string[] }> {
  const out: Array<{ name: string; versions: string[] }> = [];
  for (const t of servedTypes(installed)) {
    if (!t.group) continue;
    let g = out.find(x => x.name === t.group);
    if (!g) out.push((g = { name: t.group, versions: [] }));
    if (!g.versions.includes(t.version)) g.versions.push(t.version);
  }
  return out;
}
