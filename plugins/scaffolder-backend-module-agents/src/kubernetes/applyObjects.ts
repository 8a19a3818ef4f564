import {
  createConfiguration,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  ResponseContext,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import type { K8sObject } from '../manifests';

/** What was applied, what the cluster does not serve, and the API server's warnings. @public */
export interface ApplyResult {
  applied: Array<{ kind: string; name: string; namespace?: string }>;
  skipped: Array<{ kind: string; name: string; reason: string }>;
  warnings: string[];
}

/** Kinds from operators that a sandbox may not run; missing ones are reported, not fatal. */
const OPTIONAL_GROUPS = [
  'keda.sh/',
  'monitoring.coreos.com/',
  'external-secrets.io/',
];

/** The HTTP status and the Status message of a failed API call, if it was one. */
function apiError(error: unknown): {
  code?: number;
  message: string;
  raw: string;
} {
  const e = error as { code?: unknown; body?: unknown; message?: unknown };
  const raw = String(e?.message ?? error);
  let message = raw;
  try {
    const body = typeof e?.body === 'string' ? JSON.parse(e.body) : e?.body;
    if (typeof body?.message === 'string') message = body.message;
  } catch {
    // Not a Status body; the exception's own message stays.
  }
  return {
    code: typeof e?.code === 'number' ? e.code : undefined,
    message,
    raw,
  };
}

/**
 * Server-side applies objects in order, without force: an object that another field manager
 * (another team, kubectl, a controller) owns fields of fails with a ConflictError instead of
 * being taken over. A Namespace is only created when absent, never patched, so an existing
 * namespace's labels (its PodSecurity level, its owner) stay as they are. `warning` response headers (PodSecurity "would violate"
 * and deprecations) are collected, since a Deployment that violates the namespace's profile is
 * still accepted and only its pods are refused.
 * @public
 */
export async function applyObjects(
  kc: KubeConfig,
  objects: K8sObject[],
  options: { dryRun: boolean; fieldManager?: string },
): Promise<ApplyResult> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No current cluster in the KubeConfig');
  const warnings = new Set<string>();
  const api = new KubernetesObjectApi(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [
        {
          pre: async context => context,
          post: async (response: ResponseContext) => {
            const warning = response.headers.warning;
            if (warning)
              warnings.add(
                warning.replace(/^299 - "(.*)"$/, '$1').replace(/\\"/g, '"'),
              );
            return response;
          },
        },
      ],
    }),
  );
  const result: ApplyResult = { applied: [], skipped: [], warnings: [] };
  const dryRun = options.dryRun ? 'All' : undefined;
  const fieldManager = options.fieldManager ?? 'agentdeck-scaffolder';
  const exists = (obj: K8sObject, name: string) =>
    api
      .read({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name } })
      .then(
        () => true,
        error => {
          if (apiError(error).code === 404) return false;
          throw error;
        },
      );
  // A dry run does not persist a new Namespace, so the API server would answer 404 for
  // everything meant to go into it.
  const notPersisted = new Set<string>();
  for (const obj of objects) {
    const meta = obj.metadata as { name: string; namespace?: string };
    const ref = `${obj.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${
      meta.name
    }`;
    if (meta.namespace && notPersisted.has(meta.namespace)) {
      result.skipped.push({
        kind: obj.kind,
        name: meta.name,
        reason: `not admitted in a dry run: namespace "${meta.namespace}" does not exist yet and a dry run does not create it`,
      });
      continue;
    }
    try {
      if (obj.kind === 'Namespace') {
        if (await exists(obj, meta.name)) {
          result.skipped.push({
            kind: obj.kind,
            name: meta.name,
            reason: 'already exists; left unchanged',
          });
          continue;
        }
        await api.create(
          obj as KubernetesObject,
          undefined,
          dryRun,
          fieldManager,
        );
        if (dryRun) notPersisted.add(meta.name);
      } else {
        await api.patch(
          obj as KubernetesObject,
          undefined,
          dryRun,
          fieldManager,
          false,
          PatchStrategy.ServerSideApply,
        );
      }
      result.applied.push({
        kind: obj.kind,
        name: meta.name,
        namespace: meta.namespace,
      });
    } catch (error) {
      const { code, message, raw } = apiError(error);
      if (code === 409)
        throw new ConflictError(
          `${ref} is managed by another field manager and was left unchanged; AgentDeck does not take over objects it did not apply (rename the agent or use another namespace): ${message}`,
        );
      if (
        OPTIONAL_GROUPS.some(g => obj.apiVersion.startsWith(g)) &&
        /Unrecognized API version and kind|Failed to fetch resource metadata/i.test(
          raw,
        )
      ) {
        result.skipped.push({
          kind: obj.kind,
          name: meta.name,
          reason: `${obj.apiVersion} is not served by the cluster`,
        });
        continue;
      }
      throw new Error(`Applying ${ref} failed: ${message}`);
    }
  }
  result.warnings = [...warnings];
  return result;
}
