import { Config } from '@backstage/config';
import { RequestBudgetSettings } from './types';

/** Reads `agents.requestBudget.*`; the defaults are client-go's. */
export function readRequestBudgetSettings(
  config: Config,
): RequestBudgetSettings {
  const c = config.getOptionalConfig('agents.requestBudget');
  const settings = {
    qps: c?.getOptionalNumber('qps') ?? 5,
    burst: c?.getOptionalNumber('burst') ?? 10,
    viewedSeconds: c?.getOptionalNumber('viewedSeconds') ?? 180,
  };
  // a budget of nothing would hold readiness and usage back forever, silently
  if (!(settings.qps > 0))
    throw new Error(
      `agents.requestBudget.qps must be above 0, got ${settings.qps}`,
    );
  if (!(settings.burst >= 1))
    throw new Error(
      `agents.requestBudget.burst must be at least 1, got ${settings.burst}`,
    );
  return settings;
}
