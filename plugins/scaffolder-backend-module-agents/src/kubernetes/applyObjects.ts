import {
  createConfiguration,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  ResponseContext,
  ServerConfiguration,
} from '@kubernetes/client-node';
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

/**
 * Server-side applies objects in order. `warning` response headers (PodSecurity "would violate"
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
  for (const obj of objects) {
    const meta = obj.metadata as { name: string; namespace?: string };
    try {
      await api.patch(
        obj as KubernetesObject,
        undefined,
        options.dryRun ? 'All' : undefined,
        options.fieldManager ?? 'agentdeck-scaffolder',
        true,
        PatchStrategy.ServerSideApply,
      );
      result.applied.push({
        kind: obj.kind,
        name: meta.name,
        namespace: meta.namespace,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (
        OPTIONAL_GROUPS.some(g => obj.apiVersion.startsWith(g)) &&
        /Unrecognized API version and kind|Failed to fetch resource metadata/i.test(
          message,
        )
      ) {
        result.skipped.push({
          kind: obj.kind,
          name: meta.name,
          reason: `${obj.apiVersion} is not served by the cluster`,
        });
        continue;
      }
      throw new Error(`Applying ${obj.kind} ${meta.name} failed: ${message}`);
    }
  }
  result.warnings = [...warnings];
  return result;
}
