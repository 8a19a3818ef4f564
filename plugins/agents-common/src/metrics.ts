/**
 * Metric names a generated agent exposes on `/metrics`, and the
 * OpenTelemetry GenAI names AgentDeck also reads.
 *
 * Token names, newest first, as Prometheus shows them (dots to underscores,
 * `{token}` units dropped, `_total` on counters):
 * - `otelInputTokens` / `otelOutputTokens`: the GenAI conventions' counters
 *   `gen_ai.client.inference.usage.input_tokens` / `.output_tokens`
 *   (labels `gen_ai_provider_name`, `gen_ai_request_model`,
 *   `gen_ai_response_model`, `gen_ai_token_modality`), exposed with `_total`.
 * - `otelTokenUsage`: the conventions' earlier histogram
 *   `gen_ai.client.token.usage`, read from its `_sum` by `gen_ai_token_type`.
 * - `llmTokens`: AgentDeck's own counter, by `model` and `direction`.
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
  otelInputTokens: 'gen_ai_client_inference_usage_input_tokens',
  otelOutputTokens: 'gen_ai_client_inference_usage_output_tokens',
} as const;

/** Annotations and labels shared with Backstage's Kubernetes plugin. @public */
export const KUBERNETES_ANNOTATIONS = {
  id: 'backstage.io/kubernetes-id',
  namespace: 'backstage.io/kubernetes-namespace',
  labelSelector: 'backstage.io/kubernetes-label-selector',
} as const;

/** The label the Kubernetes plugin puts on workloads. @public */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
