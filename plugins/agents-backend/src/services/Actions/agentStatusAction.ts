import {
  AgentStatusResponse,
  agentsHealthReadPermission,
} from '@agentdeck/plugin-agents-common';
import { AgentActionsDeps, agentRefInput, READ_ONLY, Zod } from './agentRef';

const STATES = ['down', 'degraded', 'unknown', 'healthy'] as const;

const output = (z: Zod) =>
  z.object({
    entityRef: z.string(),
    state: z.enum(STATES).describe('Overall state, worst of all clusters'),
    reasons: z.array(z.string()).describe('Why, in words, worst first'),
    generatedAt: z.string(),
    dataAgeSeconds: z
      .number()
      .optional()
      .describe('Age of the oldest cluster data used'),
    stale: z
      .boolean()
      .optional()
      .describe('A cluster has been silent: data may be out of date'),
    noWorkloads: z
      .string()
      .optional()
      .describe('Set when no workloads matched, with what to label'),
    clusters: z.array(
      z.object({
        cluster: z.string(),
        error: z
          .string()
          .optional()
          .describe('Why this cluster could not answer fully'),
        workloads: z.array(
          z.object({
            kind: z.string(),
            name: z.string(),
            namespace: z.string(),
            desired: z.number(),
            ready: z.number(),
          }),
        ),
        pods: z.array(
          z.object({
            name: z.string(),
            namespace: z.string(),
            phase: z.string(),
            ready: z.boolean(),
            restarts: z.number(),
            waitingReason: z.string().optional(),
            lastTerminationReason: z.string().optional(),
            failingChecks: z
              .array(
                z.object({ name: z.string(), message: z.string().optional() }),
              )
              .describe("Failing dependency checks of the pod's /readyz"),
          }),
        ),
        autoscalers: z.array(
          z.object({
            kind: z.string(),
            name: z.string(),
            namespace: z.string(),
            minReplicas: z.number(),
            maxReplicas: z.number(),
            currentReplicas: z.number(),
            desiredReplicas: z.number(),
            limited: z
              .boolean()
              .describe('ScalingLimited: held back by min or max'),
          }),
        ),
      }),
    ),
  });

function toOutput(s: AgentStatusResponse) {
  return {
    entityRef: s.entityRef,
    state: s.state,
    reasons: s.reasons,
    generatedAt: s.generatedAt,
    ...(s.dataAgeSeconds !== undefined
      ? { dataAgeSeconds: s.dataAgeSeconds }
      : {}),
    ...(s.stale ? { stale: true } : {}),
    ...(s.noWorkloads ? { noWorkloads: s.noWorkloads.message } : {}),
    clusters: s.clusters.map(c => ({
      cluster: c.cluster,
      ...(c.error ? { error: `${c.error.kind}: ${c.error.message}` } : {}),
      workloads: c.workloads.map(
        ({ kind, name, namespace, desired, ready }) => ({
          kind,
          name,
          namespace,
          desired,
          ready,
        }),
      ),
      pods: c.pods.map(p => ({
        name: p.name,
        namespace: p.namespace,
        phase: p.phase,
        ready: p.ready,
        restarts: p.restarts,
        ...(p.waitingReason ? { waitingReason: p.waitingReason } : {}),
        ...(p.lastTerminationReason
          ? { lastTerminationReason: p.lastTerminationReason }
          : {}),
        failingChecks: (p.readiness?.checks ?? [])
          .filter(x => !x.ok)
          .map(x => ({
            name: x.name,
            ...(x.message ? { message: x.message } : {}),
          })),
      })),
      autoscalers: c.autoscalers.map(a => ({
        kind: a.kind,
        name: a.name,
        namespace: a.namespace,
        minReplicas: a.minReplicas,
        maxReplicas: a.maxReplicas,
        currentReplicas: a.currentReplicas,
        desiredReplicas: a.desiredReplicas,
        limited: a.limited,
      })),
    })),
  };
}

/** `get-agent-status`: the Agent tab's health answer. */
export function registerAgentStatusAction(deps: AgentActionsDeps) {
  deps.actionsRegistry.register({
    name: 'get-agent-status',
    title: 'Get AI agent status',
    description: `Live health of one AI agent (an AgentDeck Agent entity running on Kubernetes): its overall state (down, degraded, unknown, healthy) with the reasons in words, and per cluster its Deployments, pods (readiness, restarts, CrashLoopBackOff, OOMKilled, failing dependency checks) and autoscalers (HPA or KEDA, replicas against min and max, whether scaling is limited).

Identify the agent by its catalog name (and namespace when not "default"); use list-agents to find names. Answers "not found" for agents that do not exist or that the caller may not see.`,
    attributes: READ_ONLY,
    schema: {
      input: z => z.object(agentRefInput(z)),
      output,
    },
    action: async ({ input, credentials }) => {
      const entity = await deps.entityAccess.getAgent(
        input,
        credentials,
        agentsHealthReadPermission,
      );
      return { output: toOutput(await deps.agentStatus.getStatus(entity)) };
    },
  });
}
