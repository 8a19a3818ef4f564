import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Settings of `agents.notifications`, with defaults. */
export interface NotificationSettings {
  enabled: boolean;
  intervalSeconds: number;
  /** Percentages of the monthly budget, ascending. */
  budgetThresholds: number[];
  projectedOverrun: boolean;
  downMinutes: number;
  scalingLimitedMinutes: number;
}

/** Reads `agents.notifications`; a threshold that is not a positive number is a config error. */
export function readNotificationSettings(config: Config): NotificationSettings {
  const c = config.getOptionalConfig('agents.notifications');
  const thresholds = c?.getOptional('budget.thresholdsPercent') ?? [
    50, 80, 100,
  ];
  if (
    !Array.isArray(thresholds) ||
    thresholds.some(t => typeof t !== 'number' || !Number.isFinite(t) || t <= 0)
  ) {
    throw new InputError(
      'agents.notifications.budget.thresholdsPercent must hold positive numbers',
    );
  }
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    intervalSeconds: c?.getOptionalNumber('intervalSeconds') ?? 60,
    budgetThresholds: [...new Set(thresholds as number[])].sort(
      (a, b) => a - b,
    ),
    projectedOverrun: c?.getOptionalBoolean('budget.projectedOverrun') ?? true,
    downMinutes: c?.getOptionalNumber('health.downMinutes') ?? 10,
    scalingLimitedMinutes:
      c?.getOptionalNumber('health.scalingLimitedMinutes') ?? 30,
  };
}
