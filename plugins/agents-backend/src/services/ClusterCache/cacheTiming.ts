import { Config } from '@backstage/config';

/** Timeouts and limits of the watch cache. */
export interface CacheTiming {
  requestTimeoutMs: number;
  watchTimeoutSeconds: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  maxListBytes: number;
  /** How often to look again for an API that is not installed (KEDA). */
  absentRetryMs: number;
}

/** Reads `agents.cache.*`, with defaults suited to a production cluster. */
export function readCacheTiming(config: Config): CacheTiming {
  const c = config.getOptionalConfig('agents.cache');
  return {
    requestTimeoutMs: c?.getOptionalNumber('requestTimeoutMs') ?? 15000,
    watchTimeoutSeconds: c?.getOptionalNumber('watchTimeoutSeconds') ?? 300,
    backoffMinMs: c?.getOptionalNumber('backoffMinMs') ?? 500,
    backoffMaxMs: c?.getOptionalNumber('backoffMaxMs') ?? 30000,
    maxListBytes: c?.getOptionalNumber('maxListBytes') ?? 64 * 1024 * 1024,
    absentRetryMs: c?.getOptionalNumber('absentRetryMs') ?? 300000,
  };
}
