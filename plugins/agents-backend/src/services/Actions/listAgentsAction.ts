import { OverviewAgent } from '@agentdeck/plugin-agents-common';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { authorizeAgents, listVisibleAgents } from '../Overview';
import { AgentActionsDeps, READ_ONLY, Zod } from './agentRef';

const STATES = ['down', 'degraded', 'unknown', 'healthy'] as const;

const input = (z: Zod) =>
  z.object({
    owner: z
      .string()
      .min(1)
      .max(512)
      .optional()
      .describe(
        'Owning group: an entity reference such as "group:default/billing-team", or its name "billing-team"',
      ),
    system: z
      .string()
      .min(1)
      .max(512)
      .optional()
      .describe('System the agents belong to, e.g. "payments"'),
    state: z.enum(STATES).optional().describe('Only agents in this state'),
    overBudget: z
      .boolean()
      .optional()
      .describe(
        'true: only agents whose month is projected to cost more than their spec.budget.monthlyUsd; false: only the others',
      ),
  });

const output = (z: Zod) =>
  z.object({
    agents: z.array(
      z.object({
        entityRef: z.string(),
        name: z.string(),
        title: z.string().optional(),
        owner: z.string(),
        system: z.string().optional(),
        type: z.string(),
        lifecycle: z.string(),
        state: z.enum(STATES),
        reasons: z.array(z.string()),
        replicas: z.object({ ready: z.number(), desired: z.number() }),
        cost24hUsd: z
          .number()
          .optional()
          .describe('Absent when the caller may not read usage'),
        budget: z
          .object({
            monthlyUsd: z.number(),
            spentThisMonthUsd: z.number(),
            projectedMonthUsd: z.number(),
            overBudget: z.boolean(),
          })
          .optional(),
      }),
    ),
    totalCount: z.number(),
  });

type Budget = {
  monthlyUsd: number;
  spentThisMonthUsd: number;
  projectedMonthUsd: number;
  overBudget: boolean;
};

async function budgetOf(
  deps: AgentActionsDeps,
  entity: Entity,
): Promise<Budget | undefined> {
  try {
    const burn = await deps.budgetBurn(entity);
    if (!burn) return undefined;
    const { monthlyUsd, spentThisMonthUsd, projectedMonthUsd } = burn;
    return {
      monthlyUsd,
      spentThisMonthUsd,
      projectedMonthUsd,
      overBudget: projectedMonthUsd > monthlyUsd,
    };
  } catch {
    return undefined; // an unreadable usage source leaves the budget out, as it leaves out cost
  }
}

function toOutput(a: OverviewAgent, usageDenied: boolean, budget?: Budget) {
  const {
    entityRef,
    name,
    title,
    owner,
    system,
    type,
    lifecycle,
    state,
    reasons,
    replicas,
  } = a;
  return {
    entityRef,
    name,
    ...(title ? { title } : {}),
    owner,
    ...(system ? { system } : {}),
    type,
    lifecycle,
    state,
    reasons,
    replicas,
    ...(usageDenied || a.usageError ? {} : { cost24hUsd: a.cost24hUsd }),
    ...(budget ? { budget } : {}),
  };
}

/** `list-agents`: the Agents page, with the same visibility and permissions as GET /overview. */
export function registerListAgentsAction(deps: AgentActionsDeps) {
  deps.actionsRegistry.register({
    name: 'list-agents',
    title: 'List AI agents',
    description: `Lists the AI agents (AgentDeck Agent entities running on Kubernetes) the caller may see, with owner, system, type, lifecycle, live state (down, degraded, unknown, healthy) and its reasons, ready and desired replicas, LLM cost of the last 24 hours and, for agents with a monthly budget, the spend this month and its projection.

Filters combine: owner and system take entity references or plain names; state keeps one state; overBudget keeps the agents projected over (true) or within (false) their budget. Use get-agent-status, get-agent-usage or get-agent-scaling-history for one agent's details.`,
    attributes: READ_ONLY,
    schema: { input, output },
    action: async ({ input: filter, credentials }) => {
      const visible = await listVisibleAgents(
        deps.catalog,
        credentials,
        filter,
      );
      const { entities, usageDenied } = await authorizeAgents(
        deps.permissions,
        credentials,
        visible,
      );
      const overview = await deps.overview.getOverview(entities, filter, {
        usageDenied,
      });
      const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
      const agents = [];
      for (const a of overview.agents) {
        if (filter.state && a.state !== filter.state) continue;
        const denied = usageDenied.has(a.entityRef);
        const entity = byRef.get(a.entityRef);
        const budget =
          denied || !entity ? undefined : await budgetOf(deps, entity);
        if (
          filter.overBudget !== undefined &&
          Boolean(budget?.overBudget) !== filter.overBudget
        )
          continue;
        agents.push(toOutput(a, denied, budget));
      }
      return { output: { agents, totalCount: agents.length } };
    },
  });
}
