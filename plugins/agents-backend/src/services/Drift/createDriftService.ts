import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AgentDriftResponse,
  EnvironmentDrift,
} from '@agentdeck/plugin-agents-common';
import { candidates, selectorFor, WorkloadSelector } from '../AgentStatus';
import type { ClusterCache, ClusterSnapshot } from '../ClusterCache';
import { CHECKED_KINDS, compareObjects, LiveObjects } from './compare';
import {
  buildKustomization,
  KubeObject,
  KustomizationError,
  UnsupportedKustomizationError,
} from './kustomize';

/** The label the overlays put on every object: which environment it belongs to. */
export const ENVIRONMENT_LABEL = 'agentdeck.io/environment';

/** Options of {@link createDriftService}. */
export interface DriftServiceOptions {
  cache: Pick<ClusterCache, 'snapshots'>;
  reader: Pick<UrlReaderService, 'readUrl'>;
  logger: LoggerService;
  /** How long a file read from a repository is used before it is asked for again (with its ETag); default 2 minutes. */
  readTtlMs?: number;
  /** Files (and failed reads) remembered at most; default 2000. */
  maxFiles?: number;
}

/** Where an agent's live objects differ from its repository's overlays. */
export interface DriftService {
  getDrift(entity: Entity): Promise<AgentDriftResponse>;
}

interface CachedRead {
  at: number;
  etag?: string;
  text?: string;
  error?: Error;
  pending?: Promise<string>;
}

const MAX_MESSAGE = 300;
const cut = (s: string) =>
  s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;

/**
 * The repository's root URL, ending in `/`: its `backstage.io/source-location`
 * (`url:<dir>/`) or, without one (the catalog adds it only for URLs an SCM
 * integration knows, so not for the demo's local repositories), the directory
 * of the catalog file its `backstage.io/managed-by-location` names, where
 * generated repositories keep catalog-info.yaml.
 */
export function repositoryUrl(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const source = annotations[ANNOTATION_SOURCE_LOCATION]?.trim();
  const managed = annotations[ANNOTATION_LOCATION]?.trim();
  try {
    let url: URL | undefined;
    if (source?.startsWith('url:')) {
      const base = source.slice(4);
      url = new URL(base.endsWith('/') ? base : `${base}/`);
    } else if (managed?.startsWith('url:')) {
      url = new URL('./', managed.slice(4));
    }
    if (!url) return undefined;
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return undefined;
  }
}

/**
 * Drift of an agent: for each cluster and environment where its objects run
 * (their `agentdeck.io/environment` label), `deploy/overlays/<environment>`
 * of its repository built with a kustomize subset and compared with the
 * watch cache. Repository files are cached for `readTtlMs`, then asked for
 * again with their ETag, so page views do not reach the SCM each time.
 * Problems become a message in the answer and one warning per agent and
 * message, never an error.
 */
export function createDriftService(options: DriftServiceOptions): DriftService {
  const { cache, reader, logger } = options;
  const ttl = options.readTtlMs ?? 120_000;
  const maxFiles = options.maxFiles ?? 2000;
  const files = new Map<string, CachedRead>();
  const warned = new Set<string>();

  const remember = (url: string, entry: CachedRead) => {
    files.delete(url);
    files.set(url, entry);
    while (files.size > maxFiles) {
      const oldest = files.keys().next().value;
      if (oldest === undefined) break;
      files.delete(oldest);
    }
  };

  const readText = (url: string): Promise<string> => {
    const hit = files.get(url);
    if (hit?.pending) return hit.pending;
    if (hit && Date.now() - hit.at < ttl) {
      return hit.error ? Promise.reject(hit.error) : Promise.resolve(hit.text!);
    }
    const pending = (async () => {
      try {
        const res = await reader.readUrl(url, {
          etag: hit?.text !== undefined ? hit.etag : undefined,
        });
        const text = (await res.buffer()).toString('utf8');
        remember(url, { at: Date.now(), etag: res.etag, text });
        return text;
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        if (error.name === 'NotModifiedError' && hit?.text !== undefined) {
          remember(url, { ...hit, at: Date.now(), pending: undefined });
          return hit.text;
        }
        remember(url, { at: Date.now(), error });
        throw error;
      }
    })();
    remember(url, { ...(hit ?? { at: 0 }), pending });
    return pending;
  };

  const warnOnce = (entity: Entity, message: string) => {
    const key = `${stringifyEntityRef(entity)}\n${message}`;
    if (warned.has(key)) return;
    if (warned.size >= 1000) warned.clear();
    warned.add(key);
    logger.warn(`Drift of ${stringifyEntityRef(entity)}: ${message}`);
  };

  async function buildOverlay(
    root: string,
    environment: string,
  ): Promise<KubeObject[]> {
    const dir = new URL(`deploy/overlays/${environment}/`, root).toString();
    try {
      return await buildKustomization(dir, readText, root);
    } catch (e) {
      if (
        e instanceof UnsupportedKustomizationError ||
        e instanceof KustomizationError
      )
        throw e;
      const error = e as Error;
      throw new KustomizationError(
        `drift not computed: the overlay could not be read (${cut(
          error.message ?? String(e),
        )})`,
      );
    }
  }

  /** The agent's live objects per cluster and environment, chosen as its status chooses them. */
  function liveByEnvironment(sel: WorkloadSelector) {
    const out: Array<{
      snapshot: ClusterSnapshot;
      environment: string;
      live: LiveObjects;
    }> = [];
    for (const snapshot of cache.snapshots()) {
      const all = candidates(snapshot, sel);
      const mine = {
        deployments: all.deployments.filter(sel.matches),
        hpas: all.hpas.filter(sel.matches),
        scaledObjects: all.scaledObjects.filter(sel.matches),
      };
      const envs = new Map<string, LiveObjects>();
      const of = (env: string) => {
        let entry = envs.get(env);
        if (!entry) {
          entry = { deployments: [], hpas: [], scaledObjects: [] };
          envs.set(env, entry);
        }
        return entry;
      };
      for (const key of ['deployments', 'hpas', 'scaledObjects'] as const) {
        for (const item of mine[key]) {
          const env = item.labels[ENVIRONMENT_LABEL];
          // only a name an overlay directory can have
          if (env && /^[a-z0-9][a-z0-9._-]{0,62}$/.test(env))
            (of(env)[key] as unknown[]).push(item);
        }
      }
      for (const [environment, live] of [...envs].sort(([a], [b]) =>
        a.localeCompare(b),
      ))
        out.push({ snapshot, environment, live });
    }
    return out;
  }

  async function getDrift(entity: Entity): Promise<AgentDriftResponse> {
    const root = repositoryUrl(entity);
    if (!root) {
      const message =
        'drift not computed: the agent names no repository (a url: backstage.io/source-location or backstage.io/managed-by-location annotation)';
      warnOnce(entity, message);
      return { environments: [], message };
    }
    const overlays = new Map<string, Promise<KubeObject[]>>();
    const environments: EnvironmentDrift[] = [];
    for (const { snapshot, environment, live } of liveByEnvironment(
      selectorFor(entity),
    )) {
      const overlay = `deploy/overlays/${environment}`;
      const base = { cluster: snapshot.cluster, environment, overlay };
      let built = overlays.get(environment);
      if (!built) {
        built = buildOverlay(root, environment);
        built.catch(() => undefined);
        overlays.set(environment, built);
      }
      let rendered: KubeObject[];
      try {
        rendered = structuredClone(await built);
      } catch (e) {
        const message = cut((e as Error).message);
        warnOnce(entity, message);
        environments.push({
          ...base,
          differences: [],
          missing: [],
          notChecked: [],
          message,
        });
        continue;
      }
      const namespace = rendered.find(o => o.metadata.namespace)?.metadata
        .namespace;
      const hidden = new Set(
        Object.entries(CHECKED_KINDS)
          .filter(([, resource]) =>
            snapshot.notVisible?.some(n => n.resource === resource),
          )
          .map(([kind]) => kind),
      );
      environments.push({
        ...base,
        ...(namespace ? { namespace } : {}),
        ...compareObjects(rendered, live, hidden),
      });
    }
    return { source: root, environments };
  }

  return {
    async getDrift(entity) {
      try {
        return await getDrift(entity);
      } catch (e) {
        // a page view never gets a 500 from here
        const message = cut(`drift not computed: ${(e as Error).message ?? e}`);
        warnOnce(entity, message);
        return { environments: [], message };
      }
    },
  };
}
