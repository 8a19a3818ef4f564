/** One stored observation of an autoscaler's replica counts. @public */
export interface ReplicaSample {
  at: string;
  cluster: string;
  namespace: string;
  autoscaler: string;
  current: number;
  desired: number;
  min: number;
  max: number;
}

/** A rescale as Kubernetes reported it, kept beyond the event TTL. @public */
export interface RescaleEvent {
  at: string;
  cluster: string;
  namespace: string;
  /** Object the event is about, e.g. HorizontalPodAutoscaler/billing-agent. */
  object: string;
  from?: number;
  to?: number;
  /** Event reason, e.g. SuccessfulRescale, ScalingReplicaSet. */
  reason: string;
  message: string;
}

/** `GET /entities/:namespace/:name/scaling?from&to`. @public */
export interface ScalingHistoryResponse {
  entityRef: string;
  from: string;
  to: string;
  retentionDays: number;
  samples: ReplicaSample[];
  events: RescaleEvent[];
}
