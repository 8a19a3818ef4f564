/**
 * Metric names a generated agent exposes on `/metrics`, and the
 * OpenTelemetry GenAI names AgentDeck also reads.
 * @public
 */
export const AGENT_METRICS = {
  activeRequests: 'agent_active_requests',
  queueDepth: 'agent_request_queue_depth',
  requestDuration: 'agent_request_duration_seconds',
  tasks: 'agent_tasks_total',
  llmRequests: 'llm_requests_total',
  llmTokens: 'llm_tokens_total',
  llmCost: 'llm_cost_dollars_total',
  readinessCheck: 'agent_readiness_check',
  otelTokenUsage: 'gen_ai_client_token_usage',
} as const;

/** Annotations and labels shared with Backstage's Kubernetes plugin. @public */
export const KUBERNETES_ANNOTATIONS = {
  id: 'backstage.io/kubernetes-id',
  namespace: 'backstage.io/kubernetes-namespace',
  labelSelector: 'backstage.io/kubernetes-label-selector',
} as const;

/** The label the Kubernetes plugin puts on workloads. @public */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
