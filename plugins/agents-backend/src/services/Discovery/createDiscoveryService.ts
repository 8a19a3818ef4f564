import { Entity } from '@backstage/catalog-model';
import {
  AGENT_LABEL,
  ClusterAgentStatus,
  DiscoverySource,
  KUBERNETES_ANNOTATIONS,
  KUBERNETES_ID_LABEL,
  UnregisteredAgent,
} from '@agentdeck/plugin-agents-common';
import {
  CachedDeployment,
  CachedKagentAgent,
  CachedPod,
  ClusterCache,
  ClusterSnapshot,
  DiscoveredPod,
} from '../ClusterCache';
import { discoveryRules } from '../ClusterCache/discovery';
import { labelMatcher } from '../AgentStatus/selector';
import { summarize } from '../AgentStatus/summarize';
import { toPodStatus, toWorkloadStatus } from '../AgentStatus/toPodStatus';
import { countReplicas } from '../AgentStatus/createAgentStatusService';
import { AgentIndex, indexAgents } from '../Readiness/agentIndex';
import { namespaceOwner } from './owner';

/** `agents.discovery`: what makes a workload an agent, and which namespace keys name its owner. */
export interface DiscoverySettings {
  /** Workloads (Deployments and their pods) matching this label selector are agents too. */
  selector?: string;
  /** Namespace labels and annotations that name an owner, first found wins. */
  ownerKeys: string[];
}

/** An unregistered agent as the backend keeps it: its REST row without usage, and its pods. */
export interface UnregisteredWorkload {
  row: Omit<UnregisteredAgent, 'tokens24h' | 'cost24hUsd' | 'usageError'>;
  /** Its pods, with where they say their metrics are. */
  pods: DiscoveredPod[];
}

/** Where an unregistered agent's usage is kept and found. */
export interface UsageTarget {
  /** `unregistered:<cluster>/<namespace>/<name>`, the key its usage is stored under. */
  key: string;
  cluster: string;
  namespace: string;
  /** Its pods are named `<name>-<hash>-<suffix>`. */
  name: string;
}

/** An unregistered agent's pods, for the pod-metrics sampler. */
export interface SampleTarget {
  key: string;
  cluster: string;
  pods: DiscoveredPod[];
}

/** Agents the clusters run that no catalog Agent claims. */
export interface DiscoveryService {
  /** Reads the catalog's Agents again: what claims a workload. */
  refresh(): Promise<void>;
  /** Unregistered agents now, from the watch cache; empty until the catalog was read once. */
  list(): UnregisteredWorkload[];
  /** Whether the catalog was read: before, nothing is listed (anything could look unregistered). */
  ready(): boolean;
  usageTargets(): UsageTarget[];
  sampleTargets(): SampleTarget[];
}

/** The id, and usage key, of an unregistered agent. */
export const unregisteredId = (
  cluster: string,
  namespace: string,
  name: string,
) => `unregistered:${cluster}/${namespace}/${name}`;

interface Candidate {
  namespace: string;
  name: string;
  kind: UnregisteredAgent['kind'];
  source: DiscoverySource;
  deployment?: CachedDeployment;
  kagent?: CachedKagentAgent;
}

const KAGENT_APP = 'kagent';
const kagentNameOf = (d: CachedDeployment) =>
  d.labels.app === KAGENT_APP ? d.labels.kagent : undefined;

/** The annotations a catalog Agent needs to claim the candidate, narrowest first. */
function claimAnnotationsOf(c: Candidate): Record<string, string> {
  const ns = { [KUBERNETES_ANNOTATIONS.namespace]: c.namespace };
  const labels = c.deployment?.labels ?? {};
  const id = labels[KUBERNETES_ID_LABEL];
  if (id) return { [KUBERNETES_ANNOTATIONS.id]: id, ...ns };
  const selector = (s: string) => ({
    [KUBERNETES_ANNOTATIONS.labelSelector]: s,
    ...ns,
  });
  if (c.kind === 'kagent Agent')
    return selector(`app=${KAGENT_APP},kagent=${c.name}`);
  for (const key of [AGENT_LABEL, 'app.kubernetes.io/name', 'app'])
    if (labels[key]) return selector(`${key}=${labels[key]}`);
  const all = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return selector(all || `app=${c.name}`);
}

/**
 * Discovery from the watch cache alone: Deployments labelled
 * `agentdeck.io/agent`, kagent Agents (and the Deployments kagent makes),
 * and Deployments matching `agents.discovery.selector`. One is unregistered
 * when no catalog Agent claims it or its pods by the selector rules the
 * status uses; its likely owner is what its namespace says.
 */
export function createDiscoveryService(deps: {
  cache: Pick<ClusterCache, 'snapshots'>;
  /** Every catalog Agent (service credentials): a claim by an entity the caller cannot see still counts. */
  listAgents: () => Promise<Entity[]>;
  settings: DiscoverySettings;
}): DiscoveryService {
  const rules = discoveryRules(deps.settings.selector).map(r => ({
    ...r,
    matches: labelMatcher(r.labelSelector),
  }));
  let index: AgentIndex | undefined;
  // main-cache Deployments (kubernetes-id labelled) a rule finds and no entity claims, per cluster
  const scans = new Map<
    string,
    { deployments: CachedDeployment[]; index: AgentIndex; found: Candidate[] }
  >();

  const claimed = (o: { namespace: string; labels: Record<string, string> }) =>
    !!index && index.agentsOf(o).length > 0;

  const sourceOf = (d: CachedDeployment): DiscoverySource | undefined =>
    rules.find(r => r.matches(d.labels))?.source;

  /** Deployments that carry a kubernetes-id yet match a rule and are claimed by no entity. */
  function unclaimedLabelled(snap: ClusterSnapshot, idx: AgentIndex) {
    const kept = scans.get(snap.cluster);
    if (kept && kept.deployments === snap.deployments && kept.index === idx)
      return kept.found;
    const found: Candidate[] = [];
    for (const d of snap.deployments) {
      if (d.labels[KUBERNETES_ID_LABEL] === undefined) continue;
      const source = sourceOf(d);
      if (!source || idx.agentsOf(d).length > 0) continue;
      found.push(candidateOf(d, source));
    }
    scans.set(snap.cluster, {
      deployments: snap.deployments,
      index: idx,
      found,
    });
    return found;
  }

  function candidateOf(
    d: CachedDeployment,
    source: DiscoverySource,
  ): Candidate {
    const kagentName = kagentNameOf(d);
    return kagentName
      ? {
          namespace: d.namespace,
          name: kagentName,
          kind: 'kagent Agent',
          source: 'kagent',
          deployment: d,
        }
      : {
          namespace: d.namespace,
          name: d.name,
          kind: 'Deployment',
          source,
          deployment: d,
        };
  }

  function candidates(snap: ClusterSnapshot, idx: AgentIndex): Candidate[] {
    const byKey = new Map<string, Candidate>();
    const key = (ns: string, name: string) => `${ns}/${name}`;
    for (const a of snap.kagentAgents ?? [])
      byKey.set(key(a.namespace, a.name), {
        namespace: a.namespace,
        name: a.name,
        kind: 'kagent Agent',
        source: 'kagent',
        kagent: a,
      });
    const found = [
      ...unclaimedLabelled(snap, idx),
      ...(snap.discovered ?? []).flatMap(w =>
        w.deployments.map(d => candidateOf(d, w.source)),
      ),
    ];
    for (const c of found) {
      const k = key(c.namespace, c.name);
      const known = byKey.get(k);
      if (!known) byKey.set(k, c);
      // the Deployment kagent made for an Agent is the Agent's
      else if (known.kagent && !known.deployment)
        known.deployment = c.deployment;
    }
    return [...byKey.values()];
  }

  /** The candidate's pods: from the kubernetes-id index, else from the discovered pods. */
  function podsOf(
    snap: ClusterSnapshot,
    c: Candidate,
    discoveredPods: Map<string, DiscoveredPod[]>,
  ): DiscoveredPod[] {
    const d = c.deployment;
    if (!d) return [];
    const id = d.labels[KUBERNETES_ID_LABEL];
    const mine = (p: CachedPod) =>
      p.namespace === d.namespace && p.workload === d.name;
    if (id !== undefined && snap.withKubernetesId)
      return snap.withKubernetesId(id).pods.filter(mine);
    return discoveredPods.get(`${d.namespace}/${d.name}`) ?? [];
  }

  function discoveredPodsOf(snap: ClusterSnapshot) {
    const out = new Map<string, DiscoveredPod[]>();
    const seen = new Set<string>();
    for (const w of snap.discovered ?? [])
      for (const p of w.pods) {
        const name = `${p.namespace}/${p.name}`;
        if (seen.has(name) || !p.workload) continue;
        seen.add(name);
        const k = `${p.namespace}/${p.workload}`;
        const pods = out.get(k);
        if (pods) pods.push(p);
        else out.set(k, [p]);
      }
    return out;
  }

  function workloadOf(
    snap: ClusterSnapshot,
    c: Candidate,
    pods: DiscoveredPod[],
  ): UnregisteredWorkload {
    const status: ClusterAgentStatus = {
      cluster: snap.cluster,
      ...(snap.syncedAt ? { syncedAt: snap.syncedAt } : {}),
      ...(snap.error ? { error: snap.error } : {}),
      ...(snap.stale ? { stale: true } : {}),
      workloads: c.deployment ? [toWorkloadStatus(c.deployment)] : [],
      pods: pods.map(p => toPodStatus(p)),
      autoscalers: [],
    };
    let { state, reasons } = summarize([status]);
    if (!c.deployment) {
      // a kagent Agent whose Deployment is not there (yet, or not a Deployment)
      const ready = c.kagent?.conditions.find(x => x.type === 'Ready');
      state = state === 'healthy' ? 'unknown' : state;
      reasons = [
        `no Deployment ${c.name} in namespace ${c.namespace}${
          ready?.message ? `: ${ready.message}` : ''
        }`,
        ...reasons,
      ];
    }
    const { readyPods, desiredReplicas } = countReplicas([status]);
    return {
      row: {
        id: unregisteredId(snap.cluster, c.namespace, c.name),
        cluster: snap.cluster,
        namespace: c.namespace,
        name: c.name,
        kind: c.kind,
        source: c.source,
        ...namespaceOwner(snap, c.namespace, deps.settings.ownerKeys),
        state,
        reasons,
        replicas: { ready: readyPods, desired: desiredReplicas },
        claimAnnotations: claimAnnotationsOf(c),
      },
      pods,
    };
  }

  function list(): UnregisteredWorkload[] {
    const idx = index;
    if (!idx) return [];
    const out: UnregisteredWorkload[] = [];
    for (const snap of deps.cache.snapshots()) {
      const all = candidates(snap, idx);
      if (!all.length) continue;
      const discoveredPods = discoveredPodsOf(snap);
      for (const c of all) {
        if (
          (c.deployment && claimed(c.deployment)) ||
          (c.kagent && claimed(c.kagent))
        )
          continue;
        const pods = podsOf(snap, c, discoveredPods);
        if (pods.some(claimed)) continue;
        out.push(workloadOf(snap, c, pods));
      }
    }
    return out.sort(
      (a, b) =>
        a.row.cluster.localeCompare(b.row.cluster) ||
        a.row.namespace.localeCompare(b.row.namespace) ||
        a.row.name.localeCompare(b.row.name),
    );
  }

  return {
    async refresh() {
      index = indexAgents(await deps.listAgents());
    },
    list,
    ready: () => index !== undefined,
    usageTargets: () =>
      list().map(({ row }) => ({
        key: row.id,
        cluster: row.cluster,
        namespace: row.namespace,
        name: row.name,
      })),
    sampleTargets: () =>
      list().map(({ row, pods }) => ({
        key: row.id,
        cluster: row.cluster,
        pods,
      })),
  };
}
