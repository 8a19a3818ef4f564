import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { HealthFactsReader } from '../AgentStatus/healthFacts';
import { listVisibleAgents } from '../Overview';
import { BudgetBurnReader } from './budgetBurn';
import { createAgentNotifier } from './createAgentNotifier';
import { createNoticeStore } from './noticeStore';
import { NotificationSettings } from './types';

/**
 * Schedules the owners' notifications as a `global` task: with several
 * backend replicas on one database, one of them runs each pass.
 */
export async function scheduleAgentNotifications(deps: {
  settings: NotificationSettings;
  logger: LoggerService;
  scheduler: SchedulerService;
  knex: Knex;
  notifications: NotificationService;
  healthFacts: HealthFactsReader;
  budgetBurn: BudgetBurnReader;
  catalog: CatalogService;
  auth: AuthService;
}): Promise<void> {
  const { settings } = deps;
  if (!settings.enabled) return;
  const { catalog, auth } = deps;
  // the plugin's own view: every agent, whoever may see it; recipients are the owners
  const credentials = () => auth.getOwnServiceCredentials();
  const notifier = createAgentNotifier({
    store: createNoticeStore(deps.knex),
    notifications: deps.notifications,
    healthFacts: deps.healthFacts,
    budgetBurn: deps.budgetBurn,
    settings,
    logger: deps.logger,
    ownerKnown: async ref =>
      Boolean(
        await catalog.getEntityByRef(ref, { credentials: await credentials() }),
      ),
  });
  await deps.scheduler.scheduleTask({
    id: 'agents-notifications',
    frequency: { seconds: settings.intervalSeconds },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () =>
      void (await notifier.run(
        await listVisibleAgents(catalog, await credentials()),
      )),
  });
}
