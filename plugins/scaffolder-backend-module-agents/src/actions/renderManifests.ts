import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseAgentSpec, renderManifestFiles, specFields } from '../manifests';
import { normalizeSpecInput } from './normalizeSpec';
import { examples } from './renderManifests.examples';

/**
 * `agentdeck:manifests:render`: writes hardened Kubernetes manifests (kustomize base and one
 * overlay per environment) for an agent into the workspace.
 * @public
 */
export function createRenderManifestsAction() {
  return createTemplateAction({
    id: 'agentdeck:manifests:render',
    description:
      'Renders deploy/base and deploy/overlays/<env> for an AI agent: Deployment with probes and the restricted security profile, autoscaling, PDB, NetworkPolicies, RBAC, secrets by reference and monitoring.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: () => specFields.name,
        namespace: () => specFields.namespace,
        profile: () => specFields.profile,
        workload: () => specFields.workload,
        image: () => specFields.image,
        models: () => specFields.models,
        scaling: () => specFields.scaling,
        checks: () => specFields.checks,
        // Forms send blanks for unused optional fields; these are checked strictly after normalising.
        dependencies: z =>
          z.record(z.string(), { description: 'Dependency URLs by check name (no credentials)' }).optional(),
        egressHosts: z => z.array(z.string(), { description: 'External hosts reached over HTTPS' }).optional(),
        ingress: z =>
          z
            .object({ host: z.string().optional(), timeoutSeconds: z.number().optional() }, {
              description: 'Ingress host and proxy timeout in seconds; a blank host means no Ingress',
            })
            .optional(),
        secrets: z =>
          z.object(
            { store: z.string().optional(), remoteKey: z.string().optional(), existingSecret: z.string().optional() },
            { description: 'ClusterSecretStore name + remote key, or the name of an existing Secret' },
          ),
        queue: z =>
          z
            .object(
              {
                kind: z.enum(['redis', 'nats-jetstream']),
                address: z.string(),
                name: z.string(),
                consumer: z.string().optional(),
              },
              { description: 'Queue a worker consumes' },
            )
            .optional(),
        longestTaskSeconds: () => specFields.longestTaskSeconds.optional(),
        environments: () => specFields.environments.optional(),
        targetPath: z =>
          z.string({ description: 'Workspace directory to write deploy/ into. Default: the workspace root' }).optional(),
      },
      output: {
        files: z => z.array(z.string(), { description: 'Paths written, relative to the workspace' }),
        overlays: z => z.array(z.string(), { description: 'Overlay directories, one per environment' }),
      },
    },
    async handler(ctx) {
      const { targetPath = '.', ...specInput } = ctx.input;
      // Everything is validated before the first write, so a bad spec leaves no half-written deploy/.
      const spec = parseAgentSpec(normalizeSpecInput(specInput));
      const root = resolveSafeChildPath(ctx.workspacePath, targetPath);
      const files = renderManifestFiles(spec);
      for (const [path, content] of Object.entries(files)) {
        const target = resolveSafeChildPath(root, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content, 'utf8');
      }
      const prefix = targetPath === '.' ? '' : `${targetPath.replace(/\/$/, '')}/`;
      ctx.logger.info(
        `Rendered ${Object.keys(files).length} manifest files for ${spec.name}${ctx.isDryRun ? ' (dry run)' : ''}`,
      );
      ctx.output('files', Object.keys(files).map(p => prefix + p));
      ctx.output('overlays', spec.environments.map(env => `${prefix}deploy/overlays/${env}`));
    },
  });
}
