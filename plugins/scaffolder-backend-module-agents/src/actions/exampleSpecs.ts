import type { AgentSpecInput } from '../manifests';

/** The HTTP API agent both actions' examples use; the environments differ per example. */
export const billingAgentSpec = (
  environments: AgentSpecInput['environments'],
): AgentSpecInput => ({
  name: 'billing-agent',
  namespace: 'ai-agents',
  profile: 'api',
  workload: 'http',
  image: 'ghcr.io/acme/billing-agent:0.1.0',
  models: [{ provider: 'openai', name: 'gpt-4o-mini' }],
  scaling: { mode: 'hpa', minReplicas: 2, maxReplicas: 10, target: 8 },
  checks: ['llm_api', 'database'],
  dependencies: { database: 'postgresql://billing-db:5432/billing' },
  egressHosts: ['api.openai.com'],
  ingress: { host: 'billing-agent.example.com', timeoutSeconds: 300 },
  secrets: { store: 'vault-backend', remoteKey: 'ai-agents/billing-agent' },
  environments,
});
