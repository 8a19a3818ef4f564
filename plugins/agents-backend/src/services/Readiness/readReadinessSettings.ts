import { Config } from '@backstage/config';
import { ReadinessSettings } from './types';

/** Reads `agents.readiness.*`. */
export function readReadinessSettings(config: Config): ReadinessSettings {
  const c = config.getOptionalConfig('agents.readiness');
  return {
    intervalSeconds: c?.getOptionalNumber('intervalSeconds') ?? 30,
    readyIntervalSeconds: c?.getOptionalNumber('readyIntervalSeconds') ?? 300,
    timeoutMs: c?.getOptionalNumber('timeoutMs') ?? 3000,
    maxBytes: c?.getOptionalNumber('maxBytes') ?? 64 * 1024,
    concurrency: c?.getOptionalNumber('concurrency') ?? 4,
    maxPerAgent: c?.getOptionalNumber('maxPerAgent'),
  };
}
