import { ReadinessCheck } from '@agentdeck/plugin-agents-common';
import { PromSeries } from '../Usage/prometheusClient';
import { safeText } from './redactSecrets';

/** The gauge the agent skeleton exports: 1 while a check passes, 0 while it fails. */
export const READINESS_METRIC = 'agent_readiness_check';

/** Marks the series that carry each pod's oldest sample time rather than a check. */
const FIELD = 'agentdeck_field';

/** Limits an answer is held to; past them it is refused, not cut. */
export const READINESS_SERIES_LIMITS = {
  /** As many checks as a `/readyz` breakdown keeps. */
  maxChecksPerPod: 50,
  maxCheckNameLength: 128,
  /** Kubernetes' own limits on namespace and pod names; cluster names get the pod's. */
  maxNamespaceLength: 63,
  maxNameLength: 253,
  /** Namespaces named in the query's matcher; more and the query asks for all. */
  maxNamespacesInQuery: 200,
};

/** Why a pod's series were refused, worded for people. */
export type SeriesRefusal =
  | 'a series has no check label'
  | 'a check name is too long'
  | 'a value is neither 0 nor 1'
  | 'it has too many checks';

/** One pod's part of the answer. */
export type PodSeries =
  | { checks: ReadinessCheck[]; sampledAtMs?: number }
  | { refused: SeriesRefusal };

const quote = (v: string) =>
  `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const regexEscape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One instant query for every pod: each check's value (a check failing in
 * any duplicate series fails) and, tagged apart, each pod's oldest sample
 * time. Grouping drops every other label, so the answer stays small.
 */
export function readinessQuery(
  namespaces: string[],
  clusterLabel?: string,
): string {
  const sel =
    namespaces.length > 0 &&
    namespaces.length <= READINESS_SERIES_LIMITS.maxNamespacesInQuery
      ? `{namespace=~${quote(
          [...namespaces].sort().map(regexEscape).join('|'),
        )}}`
      : '';
  const by = [clusterLabel, 'namespace', 'pod'].filter(Boolean).join(', ');
  const series = `${READINESS_METRIC}${sel}`;
  return (
    `min by (${by}, check) (${series}) or ` +
    `label_replace(min by (${by}) (timestamp(${series})), ${quote(
      FIELD,
    )}, "sampled_at", "", "")`
  );
}

/** Key of a pod in {@link groupSeries}' answer; cluster is '' without a cluster label. */
export const seriesKey = (cluster: string, namespace: string, pod: string) =>
  `${cluster}/${namespace}/${pod}`;

const within = (v: string | undefined, max: number): v is string =>
  !!v && v.length <= max;

/**
 * Groups an answer of {@link readinessQuery} by pod. Series without a
 * plausible namespace, pod (or cluster, when `clusterLabel` is set) cannot
 * be matched to a pod and are skipped; a pod whose series break the limits
 * is refused as a whole rather than shown in part.
 */
export function groupSeries(
  series: PromSeries[],
  clusterLabel?: string,
): Map<string, PodSeries> {
  const L = READINESS_SERIES_LIMITS;
  const byPod = new Map<string, PodSeries>();
  const refuse = (key: string, refused: SeriesRefusal) =>
    byPod.set(key, { refused });
  for (const s of series) {
    const m = s.metric;
    const cluster = clusterLabel ? m[clusterLabel] : '';
    if (
      !within(m.namespace, L.maxNamespaceLength) ||
      !within(m.pod, L.maxNameLength) ||
      (clusterLabel && !within(cluster, L.maxNameLength))
    )
      continue;
    const key = seriesKey(cluster ?? '', m.namespace, m.pod);
    let pod = byPod.get(key);
    if (pod && 'refused' in pod) continue;
    if (!pod) byPod.set(key, (pod = { checks: [] }));
    const value = s.values[0]?.[1];
    if (m[FIELD] !== undefined) {
      // the pod's oldest sample: when it was last scraped
      if (Number.isFinite(value)) pod.sampledAtMs = (value as number) * 1000;
      continue;
    }
    if (!m.check) refuse(key, 'a series has no check label');
    else if (m.check.length > L.maxCheckNameLength)
      refuse(key, 'a check name is too long');
    else if (value !== 0 && value !== 1)
      refuse(key, 'a value is neither 0 nor 1');
    else if (pod.checks.length >= L.maxChecksPerPod)
      refuse(key, 'it has too many checks');
    else pod.checks.push({ name: safeText(m.check, 128), ok: value === 1 });
  }
  for (const pod of byPod.values())
    if ('checks' in pod)
      pod.checks.sort((a, b) => a.name.localeCompare(b.name));
  return byPod;
}
