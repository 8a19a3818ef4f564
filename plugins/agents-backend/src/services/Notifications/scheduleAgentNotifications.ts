import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { HealthFactsReader } from '../AgentStatus/healthFacts';
import { BudgetBurnReader } from './budgetBurn';
import { createAgentNotifier } from './createAgentNotifier';
import { createNoticeStore } from './noticeStore';
import { readNotificationSettings } from './readNotificationSettings';

/**
 * Schedules the owners' notifications as a `global` task: with several
 * backend replicas on one database, one of them runs each pass.
 */
export async function scheduleAgentNotifications(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  knex: Knex;
  notifications: NotificationService;
  healthFacts: HealthFactsReader;
  budgetBurn: BudgetBurnReader;
  listAgents: () => Promise<Entity[]>;
}): Promise<void> {
  const settings = readNotificationSettings(deps.config);
  if (!settings.enabled) return;
  const notifier = createAgentNotifier({
    store: createNoticeStore(deps.knex),
    notifications: deps.notifications,
    healthFacts: deps.healthFacts,
    budgetBurn: deps.budgetBurn,
    settings,
    logger: deps.logger,
  });
  await deps.scheduler.scheduleTask({
    id: 'agents-notifications',
    frequency: { seconds: settings.intervalSeconds },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => void (await notifier.run(await deps.listAgents())),
  });
}
