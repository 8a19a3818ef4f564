export {
  createAgentNotifier,
  NOTIFICATIONS_ANNOTATION,
} from './createAgentNotifier';
export type { AgentNotifier, AgentNotifierDeps } from './createAgentNotifier';
export { createBudgetBurn, monthlyBudget } from './budgetBurn';
export type { BudgetBurn, BudgetBurnReader } from './budgetBurn';
export { createNoticeStore } from './noticeStore';
export type { NoticeStore } from './noticeStore';
export { scheduleAgentNotifications } from './scheduleAgentNotifications';
export type { NotificationSettings } from './types';
