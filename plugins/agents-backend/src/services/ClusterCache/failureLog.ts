import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeRequestError } from './kubeClient';

/** A repeated failure is warned about at most this often per cluster, resource and cause. */
const WINDOW_MS = 5 * 60 * 1000;

/**
 * What a cluster cache says about its clusters. Each cluster, resource and
 * cause is logged at most once per window, so a failing cluster cannot flood
 * the log; repeats go to debug.
 */
export interface FailureLog {
  warn(
    cluster: string,
    resource: string,
    cause: string | number,
    message: string,
  ): void;
  info(cluster: string, resource: string, cause: string, message: string): void;
  debug(message: string): void;
}

/** Creates the rate-limited log that list+watch failures go through. */
export function createFailureLog(
  logger: LoggerService,
  windowMs = WINDOW_MS,
): FailureLog {
  const lastLogged = new Map<string, number>();
  const once = (level: 'warn' | 'info', key: string, message: string) => {
    const now = Date.now();
    const last = lastLogged.get(key);
    if (last !== undefined && now - last < windowMs) {
      logger.debug(message);
      return;
    }
    lastLogged.set(key, now);
    logger[level](message);
  };
  return {
    warn: (cluster, resource, cause, message) =>
      once('warn', `${cluster}\n${resource}\n${cause}`, message),
    info: (cluster, resource, cause, message) =>
      once('info', `${cluster}\n${resource}\n${cause}`, message),
    debug: message => logger.debug(message),
  };
}

/** A list or watch failure in words: which cluster, what failed and what to do about it. */
export function describeFailure(
  cluster: string,
  resource: string,
  err: KubeRequestError,
) {
  const where = `Kubernetes cluster ${cluster}`;
  switch (err.httpStatus) {
    case 401:
      return `${where} rejects AgentDeck's credentials listing ${resource} (HTTP 401): check its serviceAccountToken`;
    case 403:
      return `${where} forbids AgentDeck to list ${resource} (HTTP 403): grant list and watch on ${resource}`;
    case 429:
      return `${where}: the API server throttles AgentDeck (429) on ${resource}; it backs off`;
    default:
  }
  if (err.kind === 'unreachable')
    return `${where} is unreachable for ${resource}: ${err.message}`;
  if (err.kind === 'timeout')
    return `${where} did not answer for ${resource}: ${err.message}`;
  return `${where}: list+watch of ${resource} failed: ${err.message}`;
}
