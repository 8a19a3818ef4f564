import { Config } from '@backstage/config';

/** Settings of `agents.history`, with defaults. @public */
export interface HistorySettings {
  retentionDays: number;
  intervalSeconds: number;
  heartbeatMinutes: number;
}

/** Reads `agents.history`. @public */
export function readHistorySettings(config: Config): HistorySettings {
  const c = config.getOptionalConfig('agents.history');
  return {
    retentionDays: c?.getOptionalNumber('retentionDays') ?? 30,
    intervalSeconds: c?.getOptionalNumber('intervalSeconds') ?? 30,
    heartbeatMinutes: c?.getOptionalNumber('heartbeatMinutes') ?? 10,
  };
}
