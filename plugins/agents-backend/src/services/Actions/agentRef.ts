import { PermissionsService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { EntityAccessService } from '../EntityAccess';
import { BudgetBurnReader } from '../Notifications/budgetBurn';
import {
  AgentStatusService,
  OverviewService,
  ScalingHistoryService,
  UsageService,
} from '../types';

/** The zod the actions registry hands to schema functions (its own copy). */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** What the agent actions read from; the same services as the REST API. */
export interface AgentActionsDeps {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  permissions: PermissionsService;
  entityAccess: EntityAccessService;
  agentStatus: AgentStatusService;
  usage: UsageService;
  scalingHistory: ScalingHistoryService;
  overview: OverviewService;
  budgetBurn: BudgetBurnReader;
}

/** Every agent action only reads. */
export const READ_ONLY = {
  readOnly: true,
  destructive: false,
  idempotent: true,
} as const;

// the REST routes' rule for :namespace and :name
const SEGMENT = /^[A-Za-z0-9._-]+$/;

type ZodString = ReturnType<Zod['string']>;

/** Which agent: the input fields shared by the per-agent actions. */
export const agentRefInput = (
  z: Zod,
): { name: ZodString; namespace: ReturnType<ZodString['default']> } => ({
  name: z
    .string()
    .min(1)
    .max(253)
    .regex(SEGMENT)
    .describe('metadata.name of the Agent entity, e.g. "billing-agent"'),
  namespace: z
    .string()
    .min(1)
    .max(253)
    .regex(SEGMENT)
    .default('default')
    .describe('Catalog namespace of the Agent entity; "default" when omitted'),
});
