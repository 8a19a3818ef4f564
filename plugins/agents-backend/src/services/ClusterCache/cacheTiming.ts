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
  /** A watch without an event or bookmark for this long is stale: its data is flagged and it is re-established. */
  silenceMs: number;
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
    // API servers send a bookmark about once a minute: two missed ones and some slack
    silenceMs: (c?.getOptionalNumber('silenceSeconds') ?? 150) * 1000,
  };
}
