import { Config } from '@backstage/config';
import { RequestBudgetSettings } from './types';

/** Reads `agents.requestBudget.*`; the defaults are client-go's. */
export function readRequestBudgetSettings(
  config: Config,
): RequestBudgetSettings {
  const c = config.getOptionalConfig('agents.requestBudget');
  return {
    qps: c?.getOptionalNumber('qps') ?? 5,
    burst: c?.getOptionalNumber('burst') ?? 10,
    viewedSeconds: c?.getOptionalNumber('viewedSeconds') ?? 180,
  };
}
