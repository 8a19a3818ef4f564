/** Overall state of an agent, worst first. @public */
export type AgentState = 'down' | 'degraded' | 'unknown' | 'healthy';

/** A Kubernetes condition, as the API reports it. @public */
export interface KubernetesCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** Why a cluster could not give a full answer. @public */
export interface ClusterError {
  /** unreachable: no connection; unauthorized/forbidden: credentials; error: anything else. */
  kind: 'unreachable' | 'unauthorized' | 'forbidden' | 'timeout' | 'error';
  message: string;
  /** When the error was first seen (ISO 8601). */
  since: string;
}

/** Rollout state of a Deployment or StatefulSet. @public */
export interface WorkloadStatus {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  namespace: string;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  conditions: KubernetesCondition[];
}

/** One dependency check from a pod's `/readyz`. @public */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  /** The agent's own words for a failing check, e.g. "error: connection refused". Plain text. */
  message?: string;
}

/** A pod's `/readyz` answer, fetched through the API server's pod proxy. @public */
export interface PodReadiness {
  /** When it was fetched: ready pods are checked again only while someone has their agent open. */
  fetchedAt: string;
  /** HTTP status of the pod's answer, absent when no answer came. */
  httpStatus?: number;
  status?: string;
  checks: ReadinessCheck[];
  /** Current load as the agent reports it, e.g. "3/8". */
  load?: string;
  /** Why the breakdown is missing or partial (timeout, too large, not JSON, proxy error). */
  error?: string;
}

/** A pod of an agent. @public */
export interface PodStatus {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  restarts: number;
  /** e.g. CrashLoopBackOff, ImagePullBackOff. */
  waitingReason?: string;
  /** e.g. OOMKilled, Error. */
  lastTerminationReason?: string;
  lastTerminationExitCode?: number;
  lastTerminatedAt?: string;
  createdAt?: string;
  node?: string;
  /** Name of the owning Deployment or StatefulSet, when known. */
  workload?: string;
  conditions: KubernetesCondition[];
  readiness?: PodReadiness;
}

/** One metric of an autoscaler, current against target. @public */
export interface AutoscalerMetric {
  /** Metric name, e.g. agent_active_requests, cpu, or a KEDA trigger's metric. */
  name: string;
  source: 'Pods' | 'Resource' | 'External' | 'Object' | 'ContainerResource';
  targetType: 'AverageValue' | 'Utilization' | 'Value';
  target: string;
  current?: string;
}

/** A KEDA ScaledObject trigger and its health. @public */
export interface KedaTrigger {
  name: string;
  type: string;
  health: 'Happy' | 'Failing' | 'Unknown';
  numberOfFailures: number;
}

/** An HPA or KEDA ScaledObject as it is now. @public */
export interface AutoscalerStatus {
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  name: string;
  namespace: string;
  target: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  metrics: AutoscalerMetric[];
  conditions: KubernetesCondition[];
  /** True only when the ScalingLimited condition says scaling is held back. */
  limited: boolean;
  lastScaleTime?: string;
  keda?: {
    ready: boolean;
    active: boolean;
    fallback: boolean;
    paused: boolean;
    pausedReplicas?: number;
    hpaName?: string;
    lastActiveTime?: string;
    triggers: KedaTrigger[];
  };
}

/** What one cluster knows of an agent. @public */
export interface ClusterAgentStatus {
  cluster: string;
  /** When this cluster's cache was last complete and in sync (ISO 8601). */
  syncedAt?: string;
  error?: ClusterError;
  /** Nothing heard from this cluster for longer than `agents.cache.silenceSeconds`: its data may be out of date. */
  stale?: boolean;
  /** What this agent needs that AgentDeck may not read here (e.g. its ScaledObject), with what to grant. */
  notVisible?: string[];
  workloads: WorkloadStatus[];
  pods: PodStatus[];
  autoscalers: AutoscalerStatus[];
}

/** `GET /entities/:namespace/:name/status`. @public */
export interface AgentStatusResponse {
  entityRef: string;
  state: AgentState;
  /** The state's reasons, in words, worst first. */
  reasons: string[];
  generatedAt: string;
  /** Seconds since the oldest cluster cache this answer uses was in sync. */
  dataAgeSeconds?: number;
  /** Set when a cluster of this answer is stale: its data is `dataAgeSeconds` old and may be out of date. */
  stale?: boolean;
  /** How workloads were looked up, so users can see what to label. */
  selector: { labelSelector: string; namespace?: string };
  /** Set when no workloads matched: which annotation or label to add. */
  noWorkloads?: { message: string; annotation: string };
  clusters: ClusterAgentStatus[];
}
