import {
  AgentCardResponse,
  AgentStatusResponse,
  AutoscalerStatus,
  OverviewResponse,
  PodStatus,
  ScalingHistoryResponse,
  UsageResponse,
} from '@agentdeck/plugin-agents-common';
import { AgentEntityV1alpha1 } from '@agentdeck/plugin-agents-common';

export const NOW = '2025-06-01T12:00:00.000Z';

/** The A2A card of support-triage-agent as the backend answers it, read two minutes before NOW. */
export function agentCard(
  overrides: Partial<AgentCardResponse> = {},
): AgentCardResponse {
  return {
    entityRef: 'agent:default/support-triage-agent',
    state: 'read',
    fetchedAt: '2025-06-01T11:58:00.000Z',
    podTemplateHash: '7c9d8f6b5',
    source: {
      cluster: 'prod-eu',
      namespace: 'support-agents',
      pod: 'support-triage-agent-7c9d8f6b5-abcde',
    },
    card: {
      name: 'support-triage-agent',
      description:
        'Classifies incoming tickets and proposes answers from past cases',
      version: '1.5.0',
      supportedInterfaces: [
        {
          url: 'http://support-triage-agent.support-agents.svc.cluster.local/agent/run',
          protocolBinding: 'https://agentdeck.io/bindings/agent-run/v1',
          protocolVersion: '1.0',
        },
      ],
      capabilities: { streaming: false, pushNotifications: false },
      defaultInputModes: ['text/plain', 'application/json'],
      defaultOutputModes: ['text/plain'],
      skills: [
        {
          id: 'classify-tickets',
          name: 'Classify tickets',
          description: 'Assigns a queue and a priority to a new ticket',
          tags: ['support', 'triage'],
          examples: ['My dashboard has been blank since this morning'],
        },
        {
          id: 'propose-answers',
          name: 'Propose answers',
          description: 'Drafts a reply from similar solved tickets',
          tags: ['support', 'rag'],
          examples: [],
        },
      ],
    },
    mismatches: [{ field: 'version', catalog: '1.4.2', card: '1.5.0' }],
    ...overrides,
  };
}

export function agentEntity(
  name = 'support-triage-agent',
  extra: Partial<AgentEntityV1alpha1['spec']> = {},
): AgentEntityV1alpha1 {
  return {
    apiVersion: 'agentdeck.io/v1alpha1',
    kind: 'Agent',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'api',
      lifecycle: 'production',
      owner: 'group:default/support-team',
      system: 'customer-support',
      ...extra,
    },
  };
}

function pod(name: string, vectorStoreOk: boolean): PodStatus {
  return {
    name,
    namespace: 'support-agents',
    phase: 'Running',
    ready: vectorStoreOk,
    restarts: 0,
    workload: 'support-triage-agent',
    conditions: [],
    readiness: {
      fetchedAt: NOW,
      httpStatus: vectorStoreOk ? 200 : 503,
      status: vectorStoreOk ? 'ok' : 'degraded',
      load: '3/8',
      checks: [
        { name: 'llm_api', ok: true },
        vectorStoreOk
          ? { name: 'vector_store', ok: true }
          : {
              name: 'vector_store',
              ok: false,
              message: 'error: connection refused <script>alert(1)</script>',
            },
        { name: 'database', ok: true },
      ],
    },
  };
}

export const hpa: AutoscalerStatus = {
  kind: 'HorizontalPodAutoscaler',
  name: 'support-triage-agent',
  namespace: 'support-agents',
  target: { kind: 'Deployment', name: 'support-triage-agent' },
  minReplicas: 2,
  maxReplicas: 8,
  currentReplicas: 3,
  desiredReplicas: 3,
  metrics: [
    {
      name: 'agent_active_requests',
      source: 'Pods',
      targetType: 'AverageValue',
      target: '8',
      current: '6',
    },
  ],
  conditions: [
    { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
    { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
    { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
  ],
  limited: false,
};

export function status(
  overrides: Partial<AgentStatusResponse> = {},
): AgentStatusResponse {
  return {
    entityRef: 'agent:default/support-triage-agent',
    state: 'healthy',
    reasons: [],
    generatedAt: NOW,
    dataAgeSeconds: 12,
    selector: {
      labelSelector: 'backstage.io/kubernetes-id=support-triage-agent',
      namespace: 'support-agents',
    },
    clusters: [
      {
        cluster: 'sandbox-eu',
        syncedAt: NOW,
        workloads: [
          {
            kind: 'Deployment',
            name: 'support-triage-agent',
            namespace: 'support-agents',
            desired: 3,
            updated: 3,
            ready: 3,
            available: 3,
            conditions: [],
          },
        ],
        pods: [pod('sta-1', true), pod('sta-2', true), pod('sta-3', true)],
        autoscalers: [hpa],
      },
    ],
    ...overrides,
  };
}

export const degradedStatus: AgentStatusResponse = status({
  state: 'degraded',
  reasons: ['3 of 3 pods not ready'],
  clusters: [
    {
      cluster: 'sandbox-eu',
      syncedAt: NOW,
      workloads: [
        {
          kind: 'Deployment',
          name: 'support-triage-agent',
          namespace: 'support-agents',
          desired: 3,
          updated: 3,
          ready: 0,
          available: 0,
          conditions: [],
        },
      ],
      pods: [pod('sta-1', false), pod('sta-2', false), pod('sta-3', false)],
      autoscalers: [hpa],
    },
  ],
});

export const partialStatus: AgentStatusResponse = status({
  state: 'unknown',
  reasons: ['sandbox-us unreachable'],
  clusters: [
    ...status().clusters,
    {
      cluster: 'sandbox-us',
      error: {
        kind: 'unreachable',
        message: 'connect ECONNREFUSED 127.0.0.1:6443',
        since: NOW,
      },
      workloads: [],
      pods: [],
      autoscalers: [],
    },
  ],
});

export const noWorkloadsStatus: AgentStatusResponse = status({
  state: 'unknown',
  reasons: ['no workloads found'],
  clusters: [],
  noWorkloads: {
    message: 'No Kubernetes workloads carry the label of this agent.',
    annotation: 'backstage.io/kubernetes-id',
  },
});

export const scalingHistory: ScalingHistoryResponse = {
  entityRef: 'agent:default/support-triage-agent',
  from: '2025-06-01T06:00:00.000Z',
  to: NOW,
  retentionDays: 30,
  samples: [0, 1, 2, 3].map(i => ({
    at: new Date(
      Date.parse('2025-06-01T06:00:00.000Z') + i * 7200e3,
    ).toISOString(),
    cluster: 'sandbox-eu',
    namespace: 'support-agents',
    autoscaler: 'support-triage-agent',
    current: [2, 4, 5, 3][i],
    desired: [3, 5, 5, 3][i],
    min: 2,
    max: 8,
  })),
  events: [
    {
      at: '2025-06-01T08:00:00.000Z',
      cluster: 'sandbox-eu',
      namespace: 'support-agents',
      object: 'HorizontalPodAutoscaler/support-triage-agent',
      from: 2,
      to: 4,
      reason: 'SuccessfulRescale',
      message:
        'New size: 4; reason: pods metric agent_active_requests above target',
    },
    {
      at: '2025-06-01T11:00:00.000Z',
      cluster: 'sandbox-eu',
      namespace: 'support-agents',
      object: 'HorizontalPodAutoscaler/support-triage-agent',
      from: 5,
      to: 3,
      reason: 'SuccessfulRescale',
      message: 'New size: 3; reason: All metrics below target',
    },
  ],
};

export function usage(overrides: Partial<UsageResponse> = {}): UsageResponse {
  return {
    entityRef: 'agent:default/support-triage-agent',
    window: '24h',
    from: '2025-05-31T12:00:00.000Z',
    to: NOW,
    source: { kind: 'prometheus', metric: 'llm_tokens_total' },
    prices: [
      {
        model: 'openai/gpt-4o',
        inputPerMillionUsd: 2.5,
        outputPerMillionUsd: 10,
      },
    ],
    models: [
      {
        model: 'openai/gpt-4o',
        inputTokens: 1_200_000,
        outputTokens: 300_000,
        costUsd: 6,
        costSource: 'price-table',
      },
    ],
    totals: { inputTokens: 1_200_000, outputTokens: 300_000, costUsd: 6 },
    series: [0, 1, 2].map(i => ({
      at: new Date(
        Date.parse('2025-05-31T12:00:00.000Z') + i * 12 * 3600e3,
      ).toISOString(),
      inputTokens: 400_000,
      outputTokens: 100_000,
      costUsd: 2,
    })),
    ...overrides,
  };
}

export const overview: OverviewResponse = {
  generatedAt: NOW,
  agents: [
    {
      entityRef: 'agent:default/billing-agent',
      name: 'billing-agent',
      owner: 'group:default/billing-team',
      system: 'payments',
      type: 'api',
      lifecycle: 'production',
      state: 'healthy',
      reasons: [],
      replicas: { ready: 4, desired: 4 },
      tokens24h: { input: 2_000_000, output: 500_000 },
      cost24hUsd: 1.5,
    },
    {
      entityRef: 'agent:default/invoice-reconciler',
      name: 'invoice-reconciler',
      owner: 'group:default/billing-team',
      system: 'payments',
      type: 'worker',
      lifecycle: 'production',
      state: 'healthy',
      reasons: [],
      replicas: { ready: 2, desired: 2 },
      tokens24h: { input: 100_000, output: 20_000 },
      cost24hUsd: 0.25,
    },
    {
      entityRef: 'agent:default/support-triage-agent',
      name: 'support-triage-agent',
      owner: 'group:default/support-team',
      system: 'customer-support',
      type: 'api',
      lifecycle: 'production',
      state: 'degraded',
      reasons: ['3 pods unready: vector_store'],
      replicas: { ready: 0, desired: 3 },
      tokens24h: { input: 1_200_000, output: 300_000 },
      cost24hUsd: 6,
    },
  ],
  owners: [
    {
      owner: 'group:default/billing-team',
      agents: 2,
      byState: { healthy: 2, degraded: 0, down: 0, unknown: 0 },
      replicas: { ready: 6, desired: 6 },
      tokens24h: { input: 2_100_000, output: 520_000 },
      cost24hUsd: 1.75,
    },
    {
      owner: 'group:default/support-team',
      agents: 1,
      byState: { healthy: 0, degraded: 1, down: 0, unknown: 0 },
      replicas: { ready: 0, desired: 3 },
      tokens24h: { input: 1_200_000, output: 300_000 },
      cost24hUsd: 6,
    },
  ],
};
