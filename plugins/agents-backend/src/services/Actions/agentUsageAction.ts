import {
  agentsUsageReadPermission,
  USAGE_WINDOWS,
  UsageResponse,
} from '@agentdeck/plugin-agents-common';
import { AgentActionsDeps, agentRefInput, READ_ONLY, Zod } from './agentRef';

const output = (z: Zod) =>
  z.object({
    entityRef: z.string(),
    window: z.enum(USAGE_WINDOWS),
    from: z.string(),
    to: z.string(),
    source: z
      .enum(['prometheus', 'pod-metrics', 'none'])
      .describe('Where tokens and cost were read'),
    totals: z.object({
      inputTokens: z.number(),
      outputTokens: z.number(),
      costUsd: z.number(),
    }),
    models: z.array(
      z.object({
        model: z.string(),
        inputTokens: z.number(),
        outputTokens: z.number(),
        costUsd: z.number(),
        costSource: z.enum(['metric', 'price-table', 'unpriced']),
      }),
    ),
    budget: z
      .object({
        monthlyUsd: z.number(),
        spentThisMonthUsd: z.number(),
        projectedMonthUsd: z.number(),
        burnRatio: z
          .number()
          .describe('projected / budget; above 1 means the month will overrun'),
      })
      .optional()
      .describe('Only for agents with spec.budget.monthlyUsd'),
    error: z.string().optional().describe('Set when usage could not be read'),
    incomplete: z
      .boolean()
      .optional()
      .describe("Some pods' metrics were left out: totals are too low"),
  });

function toOutput(u: UsageResponse) {
  return {
    entityRef: u.entityRef,
    window: u.window,
    from: u.from,
    to: u.to,
    source: u.source.kind,
    totals: u.totals,
    models: u.models,
    ...(u.budget ? { budget: u.budget } : {}),
    ...(u.error ? { error: u.error } : {}),
    ...(u.rejected?.length ? { incomplete: true } : {}),
  };
}

/** `get-agent-usage`: the usage card's totals, per model and against the budget. */
export function registerAgentUsageAction(deps: AgentActionsDeps) {
  deps.actionsRegistry.register({
    name: 'get-agent-usage',
    title: 'Get AI agent LLM usage',
    description: `LLM token use and cost in US dollars of one AI agent (an AgentDeck Agent entity) over a window of the last 24h, 7d or 30d: totals, per model (with whether the cost came from the agent's own cost metric or the configured price table), and for agents with a monthly budget the spend this calendar month (UTC), the projection for the month and the burn ratio.

Identify the agent by its catalog name (and namespace when not "default"). Answers "not found" for agents that do not exist or that the caller may not see.`,
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          ...agentRefInput(z),
          window: z
            .enum(USAGE_WINDOWS)
            .default('24h')
            .describe('Time window ending now; default 24h'),
        }),
      output,
    },
    action: async ({ input, credentials }) => {
      const entity = await deps.entityAccess.getAgent(
        input,
        credentials,
        agentsUsageReadPermission,
      );
      return {
        output: toOutput(await deps.usage.getUsage(entity, input.window)),
      };
    },
  });
}
