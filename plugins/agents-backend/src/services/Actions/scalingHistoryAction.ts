import {
  agentsHealthReadPermission,
  ScalingHistoryResponse,
} from '@agentdeck/plugin-agents-common';
import { AgentActionsDeps, agentRefInput, READ_ONLY, Zod } from './agentRef';

const LAST_EVENTS = 20;

const output = (z: Zod) =>
  z.object({
    entityRef: z.string(),
    from: z.string(),
    to: z.string(),
    retentionDays: z.number().describe('History older than this is not kept'),
    autoscalers: z.array(
      z.object({
        cluster: z.string(),
        namespace: z.string(),
        autoscaler: z
          .string()
          .describe('Kind/name, e.g. HorizontalPodAutoscaler/billing-agent'),
        samples: z.number(),
        lowestReplicas: z.number(),
        highestReplicas: z.number(),
        samplesAtMax: z
          .number()
          .describe('Samples where the current replicas equalled the maximum'),
        latest: z.object({
          at: z.string(),
          current: z.number(),
          desired: z.number(),
          min: z.number(),
          max: z.number(),
        }),
      }),
    ),
    rescaleCount: z.number().describe('Rescale events in the window'),
    lastRescales: z.array(
      z.object({
        at: z.string(),
        cluster: z.string(),
        object: z.string(),
        from: z.number().optional(),
        to: z.number().optional(),
        reason: z.string(),
        message: z.string(),
      }),
    ),
  });

function summarize(h: ScalingHistoryResponse) {
  const series = new Map<string, ScalingHistoryResponse['samples']>();
  for (const s of h.samples) {
    const key = `${s.cluster}\n${s.namespace}\n${s.autoscaler}`;
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  const autoscalers = [...series.values()].map(samples => {
    const current = samples.map(s => s.current);
    const last = samples[samples.length - 1];
    return {
      cluster: last.cluster,
      namespace: last.namespace,
      autoscaler: last.autoscaler,
      samples: samples.length,
      lowestReplicas: Math.min(...current),
      highestReplicas: Math.max(...current),
      samplesAtMax: samples.filter(s => s.current >= s.max).length,
      latest: {
        at: last.at,
        current: last.current,
        desired: last.desired,
        min: last.min,
        max: last.max,
      },
    };
  });
  const lastRescales = h.events.slice(-LAST_EVENTS).map(e => ({
    at: e.at,
    cluster: e.cluster,
    object: e.object,
    ...(e.from !== undefined ? { from: e.from } : {}),
    ...(e.to !== undefined ? { to: e.to } : {}),
    reason: e.reason,
    message: e.message,
  }));
  const { entityRef, from, to, retentionDays } = h;
  return {
    entityRef,
    from,
    to,
    retentionDays,
    autoscalers,
    rescaleCount: h.events.length,
    lastRescales,
  };
}

/** `get-agent-scaling-history`: the scaling chart, summed up. */
export function registerScalingHistoryAction(deps: AgentActionsDeps) {
  deps.actionsRegistry.register({
    name: 'get-agent-scaling-history',
    title: 'Get AI agent scaling history',
    description: `How one AI agent's autoscalers (HPA or KEDA) scaled over the last hours, from the history AgentDeck keeps beyond Kubernetes' one-hour event TTL: per autoscaler the lowest and highest replica count seen, how often it sat at its maximum and its latest counts; the number of rescale events and the last ${LAST_EVENTS} of them (oldest first).

Identify the agent by its catalog name (and namespace when not "default"). Answers "not found" for agents that do not exist or that the caller may not see.`,
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          ...agentRefInput(z),
          hours: z
            .number()
            .int()
            .min(1)
            .max(720)
            .default(24)
            .describe('Window ending now, in hours (1-720); default 24'),
        }),
      output,
    },
    action: async ({ input, credentials }) => {
      const entity = await deps.entityAccess.getAgent(
        input,
        credentials,
        agentsHealthReadPermission,
      );
      const to = new Date();
      const from = new Date(to.getTime() - input.hours * 3600_000);
      return {
        output: summarize(await deps.scalingHistory.query(entity, from, to)),
      };
    },
  });
}
