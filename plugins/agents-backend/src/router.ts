import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { agentsHealthReadPermission } from '@agentdeck/plugin-agents-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AgentStatusService } from './services/types';
import { EntityAccessService } from './services/EntityAccess';

const entityParams = z.object({
  namespace: z.string().min(1).max(253).regex(/^[A-Za-z0-9._-]+$/),
  name: z.string().min(1).max(253).regex(/^[A-Za-z0-9._-]+$/),
});

/** Parses `:namespace/:name`, answering 400 through InputError when malformed. */
export function parseEntityParams(params: unknown): { namespace: string; name: string } {
  const parsed = entityParams.safeParse(params);
  if (!parsed.success) throw new InputError(parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  entityAccess: EntityAccessService;
  agentStatus: AgentStatusService;
}

/** HTTP only: parse, authorize through EntityAccess, answer from the services. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, entityAccess, agentStatus } = options;
  const router = Router();
  router.use(express.json());

  router.get('/entities/:namespace/:name/status', async (req, res) => {
    const ref = parseEntityParams(req.params);
    const credentials = await httpAuth.credentials(req);
    const entity = await entityAccess.getAgent(ref, credentials, agentsHealthReadPermission);
    res.json(await agentStatus.getStatus(entity));
  });

  return router;
}
