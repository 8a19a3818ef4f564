import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  agentsHealthReadPermission,
  agentsUsageReadPermission,
} from '@agentdeck/plugin-agents-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  AgentStatusService,
  OverviewService,
  ScalingHistoryService,
  UsageService,
} from './services/types';
import { parseScalingQuery } from './services/ScalingHistory';
import { parseUsageQuery } from './services/Usage';
import {
  authorizeAgents,
  listVisibleAgents,
  parseOverviewQuery,
} from './services/Overview';
import { EntityAccessService } from './services/EntityAccess';
import { ViewedAgents } from './services/RequestBudget';
import { AgentCardService } from './services/AgentCard';
import { readAgentTemplate, TemplateRecordReader } from './services/Templates';
import { DriftService } from './services/Drift';

const entityParams = z.object({
  namespace: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9._-]+$/),
  name: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9._-]+$/),
});

/** Parses `:namespace/:name`, answering 400 through InputError when malformed. */
export function parseEntityParams(params: unknown): {
  namespace: string;
  name: string;
} {
  const parsed = entityParams.safeParse(params);
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    );
  return parsed.data;
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  entityAccess: EntityAccessService;
  agentStatus: AgentStatusService;
  catalog: CatalogService;
  scalingHistory: ScalingHistoryService;
  usage: UsageService;
  overview: OverviewService;
  /** Told of every status read, so background work favours agents someone has open. */
  viewed?: Pick<ViewedAgents, 'mark'>;
  /** A2A cards; without it the card route answers 404. */
  agentCards?: AgentCardService;
  /** The inputs agents' repositories record, for "Propose update"; without it the template route leaves them out. */
  templateRecords?: TemplateRecordReader;
  /** Live objects against the repository's overlays; without it the drift route answers 404. */
  drift?: DriftService;
}

/** HTTP only: parse, authorize through EntityAccess, answer from the services. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    entityAccess,
    agentStatus,
    catalog,
    scalingHistory,
    usage,
    overview,
    viewed,
    agentCards,
    templateRecords,
    drift,
  } = options;
  const router = Router();
  router.use(express.json());

  /**
   * The Agent the request's `:namespace/:name` names, when the caller may see
   * it and holds `permission` (otherwise a 404 or 403).
   */
  const agentFor = async (
    req: express.Request,
    permission: Parameters<EntityAccessService['getAgent']>[2],
  ) =>
    entityAccess.getAgent(
      parseEntityParams(req.params),
      await httpAuth.credentials(req),
      permission,
    );

  router.get('/entities/:namespace/:name/status', async (req, res) => {
    const entity = await agentFor(req, agentsHealthReadPermission);
    viewed?.mark(stringifyEntityRef(entity));
    res.json(await agentStatus.getStatus(entity));
  });

  router.get('/entities/:namespace/:name/card', async (req, res) => {
    const entity = await agentFor(req, agentsHealthReadPermission);
    if (!agentCards) throw new NotFoundError('Agent cards are not served');
    res.json(await agentCards.getCard(entity));
  });

  // the template that created the agent and how far it has moved since, read as the caller
  router.get('/entities/:namespace/:name/template', async (req, res) => {
    const ref = parseEntityParams(req.params);
    const credentials = await httpAuth.credentials(req);
    const entity = await entityAccess.getAgent(
      ref,
      credentials,
      agentsHealthReadPermission,
    );
    res.json(
      await readAgentTemplate(catalog, entity, credentials, templateRecords),
    );
  });

  // where the live objects differ from what the repository's overlays render
  router.get('/entities/:namespace/:name/drift', async (req, res) => {
    const entity = await agentFor(req, agentsHealthReadPermission);
    if (!drift) throw new NotFoundError('Drift is not served');
    res.json(await drift.getDrift(entity));
  });

  router.get('/entities/:namespace/:name/scaling', async (req, res) => {
    const { from, to } = parseScalingQuery(req.query);
    const entity = await agentFor(req, agentsHealthReadPermission);
    res.json(await scalingHistory.query(entity, from, to));
  });

  router.get('/entities/:namespace/:name/usage', async (req, res) => {
    const { window } = parseUsageQuery(req.query);
    const entity = await agentFor(req, agentsUsageReadPermission);
    res.json(await usage.getUsage(entity, window));
  });

  router.get('/overview', async (req, res) => {
    const filter = parseOverviewQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    const visible = await listVisibleAgents(catalog, credentials, filter);
    const { entities, usageDenied, unregisteredAllowed } =
      await authorizeAgents(permissions, credentials, visible);
    res.json(
      await overview.getOverview(entities, filter, {
        usageDenied,
        unregistered: unregisteredAllowed,
      }),
    );
  });

  return router;
}
