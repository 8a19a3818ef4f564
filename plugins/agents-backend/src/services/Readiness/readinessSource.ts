import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PrometheusReadinessSettings } from './types';

const SOURCES = ['auto', 'proxy', 'prometheus'];
/** A PromQL label name: it is written into the query. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Reads `agents.readiness.source` and `agents.readiness.prometheus`, for
 * readAgentsConfig: the Prometheus settings when readiness comes from
 * Prometheus, undefined when it goes through the pod proxy. `auto` picks
 * Prometheus whenever a base URL is configured, here or for usage.
 */
export function readReadinessSource(
  readiness: Config | undefined,
  usagePrometheus: Config | undefined,
): PrometheusReadinessSettings | undefined {
  const source = readiness?.getOptionalString('source') ?? 'auto';
  if (!SOURCES.includes(source))
    throw new InputError(
      `agents.readiness.source must be one of ${SOURCES.join(
        ', ',
      )}, got ${source}`,
    );
  const own = readiness?.getOptionalConfig('prometheus');
  const baseUrl =
    own?.getOptionalString('baseUrl') ??
    usagePrometheus?.getOptionalString('baseUrl');
  if (source === 'proxy' || (source === 'auto' && !baseUrl)) return undefined;
  if (!baseUrl)
    throw new InputError(
      'agents.readiness.source is prometheus but neither agents.readiness.prometheus.baseUrl nor agents.usage.prometheus.baseUrl is set',
    );
  const clusterLabel = own?.getOptionalString('clusterLabel');
  if (clusterLabel !== undefined && !LABEL_NAME.test(clusterLabel))
    throw new InputError(
      `agents.readiness.prometheus.clusterLabel must be a Prometheus label name, got ${clusterLabel}`,
    );
  const positive = (key: string, fallback: number) => {
    const v = own?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(v) || v <= 0)
      throw new InputError(
        `agents.readiness.prometheus.${key} must be above 0, got ${v}`,
      );
    return v;
  };
  return {
    baseUrl,
    timeoutMs: positive(
      'timeoutMs',
      usagePrometheus?.getOptionalNumber('timeoutMs') ?? 5000,
    ),
    intervalSeconds: positive('intervalSeconds', 10),
    ...(clusterLabel ? { clusterLabel } : {}),
    maxSeries: positive('maxSeries', 200_000),
  };
}
