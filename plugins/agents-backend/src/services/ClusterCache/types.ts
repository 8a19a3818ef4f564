import {
  ClusterError,
  KubernetesCondition,
} from '@agentdeck/plugin-agents-common';
import { KubernetesCredential } from '@agentdeck/plugin-agents-node';
import type {
  CachedKagentAgent,
  CachedNamespace,
  DiscoveredWorkloads,
} from './discovery';

export type {
  CachedKagentAgent,
  CachedNamespace,
  DiscoveredPod,
  DiscoveredWorkloads,
  DiscoveryWatchSettings,
} from './discovery';

/** One cluster of `kubernetes.clusterLocatorMethods`, as the watches reach it. */
export interface ClusterConfig {
  name: string;
  url: string;
  /** A fixed bearer token, when there is no `credential`. */
  token?: string;
  /** PEM text of the cluster CA. */
  caData?: string;
  skipTLSVerify: boolean;
  /** A current credential from the cluster's auth strategy, asked for each request (it caches). */
  credential?: () => Promise<KubernetesCredential>;
  /** Drops the current credential: the API server answered 401. */
  invalidateCredential?: () => void;
  /** Equal while the cluster is reached the same way; a new key restarts its watches. */
  key?: string;
}

/** Clusters that can change while Backstage runs (catalog-located ones). */
export interface ClusterSource {
  getClusters(): Promise<ClusterConfig[]>;
  refreshIntervalMs: number;
}

/** Fields every cached object keeps. */
export interface CachedMeta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

/** A pod stripped to what the status view uses: no env, no volumes, no spec beyond the probe port. */
export interface CachedPod extends CachedMeta {
  phase: string;
  ready: boolean;
  restarts: number;
  waitingReason?: string;
  lastTerminationReason?: string;
  lastTerminationExitCode?: number;
  lastTerminatedAt?: string;
  createdAt?: string;
  deleting?: boolean;
  node?: string;
  workload?: string;
  /** Its rollout: the `pod-template-hash` label, or a StatefulSet pod's `controller-revision-hash`. */
  templateHash?: string;
  conditions: KubernetesCondition[];
  /** Where the readiness breakdown is served, resolved to a port number. */
  readyz?: { port: number; path: string };
}

/**
 * What drift compares of a Deployment's pod template (services/Drift), kept
 * small: per container its image, resource requests and limits, and each env
 * var's name with a short digest of its value; never the value, probes,
 * volumes or security contexts.
 */
export interface CachedPodTemplate {
  labels: Record<string, string>;
  containers: Array<{
    name: string;
    image: string;
    /** Env var name to {@link envDigest} of its value or valueFrom. */
    env: Record<string, string>;
    requests: Record<string, string>;
    limits: Record<string, string>;
  }>;
}

/** A Deployment stripped to its rollout counters, plus the template summary drift compares. */
export interface CachedDeployment extends CachedMeta {
  /** spec.replicas (1 when unset, as the API server defaults it). */
  desired: number;
  current: number;
  updated: number;
  ready: number;
  available: number;
  conditions: KubernetesCondition[];
  template?: CachedPodTemplate;
}

/** One autoscaler metric spec joined with its current value. */
export interface CachedMetric {
  name: string;
  source: 'Pods' | 'Resource' | 'External' | 'Object' | 'ContainerResource';
  targetType: 'AverageValue' | 'Utilization' | 'Value';
  target: string;
  current?: string;
}

/** An autoscaling/v2 HorizontalPodAutoscaler stripped to spec and status counters. */
export interface CachedHpa extends CachedMeta {
  target: { kind: string; name: string };
  min: number;
  max: number;
  current: number;
  desired: number;
  metrics: CachedMetric[];
  conditions: KubernetesCondition[];
  lastScaleTime?: string;
}

/** A KEDA ScaledObject: only trigger types and thresholds, never trigger metadata such as addresses. */
export interface CachedScaledObject extends CachedMeta {
  target: { kind: string; name: string };
  min: number;
  max: number;
  triggers: Array<{
    name: string;
    type: string;
    metricName: string;
    target?: string;
  }>;
  health: Record<string, { status: string; numberOfFailures: number }>;
  conditions: KubernetesCondition[];
  paused: boolean;
  pausedReplicas?: number;
  hpaName?: string;
  lastActiveTime?: string;
}

/** A Kubernetes event about a workload or autoscaler. */
export interface CachedEvent {
  namespace: string;
  uid: string;
  objectKind: string;
  objectName: string;
  reason: string;
  message: string;
  type?: string;
  at: string;
  count: number;
}

/** What the cache holds for one cluster right now. */
export interface ClusterSnapshot {
  cluster: string;
  /** Now while every watch is connected; otherwise when the oldest broken one was last in sync. */
  syncedAt?: string;
  /** Every watch connected: `syncedAt` is now. */
  inSync?: boolean;
  error?: ClusterError;
  /** Nothing heard from the cluster for longer than the configured silence: its objects may be out of date. */
  stale?: boolean;
  /** Optional resources AgentDeck's identity may not read here (403), with what to grant. */
  notVisible?: Array<{ resource: string; message: string }>;
  pods: CachedPod[];
  deployments: CachedDeployment[];
  hpas: CachedHpa[];
  scaledObjects: CachedScaledObject[];
  events: CachedEvent[];
  /** The objects labelled backstage.io/kubernetes-id=<id>, from an index (no scan). */
  withKubernetesId?(id: string): {
    pods: CachedPod[];
    deployments: CachedDeployment[];
    hpas: CachedHpa[];
    scaledObjects: CachedScaledObject[];
  };
  /** One Deployment by namespace and name, without a scan. */
  getDeployment?(namespace: string, name: string): CachedDeployment | undefined;
  /** One HPA by namespace and name, without a scan. */
  getHpa?(namespace: string, name: string): CachedHpa | undefined;
  /** Namespaces with their owner labels and annotations (discovery); empty where they are not visible. */
  namespaces?: CachedNamespace[];
  /** One namespace by name, without a scan. */
  getNamespace?(name: string): CachedNamespace | undefined;
  /** kagent.dev Agents; empty where kagent is not installed or not visible. */
  kagentAgents?: CachedKagentAgent[];
  /**
   * Workloads each discovery rule finds beyond the kubernetes-id watches. They
   * are in `pods` and `deployments` too, so label-selector entities find them.
   */
  discovered?: DiscoveredWorkloads[];
}

/** List+watch caches of every configured cluster. */
export interface ClusterCache {
  start(): void;
  stop(): Promise<void>;
  clusterNames(): string[];
  snapshot(cluster: string): ClusterSnapshot | undefined;
  snapshots(): ClusterSnapshot[];
}

/** Timeouts and limits of the watch cache. */
export interface CacheTiming {
  requestTimeoutMs: number;
  watchTimeoutSeconds: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  maxListBytes: number;
  /** How often to look again for an API that is not installed (KEDA). */
  absentRetryMs: number;
  /** A watch without an event or bookmark for this long is stale: its data is flagged and it is re-established. */
  silenceMs: number;
}
