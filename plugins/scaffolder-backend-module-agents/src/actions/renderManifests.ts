import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseAgentSpec, renderManifestFiles } from '../manifests';
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
        spec: z =>
          z.record(z.unknown(), {
            description:
              'The agent spec (name, namespace, profile, workload, image, models, scaling, checks, dependencies, egressHosts, ingress, secrets, queue, longestTaskSeconds, environments; see the README). Blank form fields are dropped, then the whole spec is validated at once, errors naming the field.',
          }),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace directory to write deploy/ into. Default: the workspace root',
            })
            .optional(),
      },
      output: {
        spec: z =>
          z.record(z.unknown(), {
            description:
              'The validated spec with defaults applied: what agentdeck:kubernetes:apply takes',
          }),
        files: z =>
          z.array(z.string(), {
            description: 'Paths written, relative to the workspace',
          }),
        overlays: z =>
          z.array(z.string(), {
            description: 'Overlay directories, one per environment',
          }),
      },
    },
    async handler(ctx) {
      const { targetPath = '.' } = ctx.input;
      // Everything is validated before the first write, so a bad spec leaves no half-written deploy/.
      const spec = parseAgentSpec(ctx.input.spec);
      const root = resolveSafeChildPath(ctx.workspacePath, targetPath);
      const files = renderManifestFiles(spec);
      for (const [path, content] of Object.entries(files)) {
        const target = resolveSafeChildPath(root, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content, 'utf8');
      }
      const prefix =
        targetPath === '.' ? '' : `${targetPath.replace(/\/$/, '')}/`;
      ctx.logger.info(
        `Rendered ${Object.keys(files).length} manifest files for ${spec.name}${
          ctx.isDryRun ? ' (dry run)' : ''
        }`,
      );
      ctx.output('spec', spec);
      ctx.output(
        'files',
        Object.keys(files).map(p => prefix + p),
      );
      ctx.output(
        'overlays',
        spec.environments.map(env => `${prefix}deploy/overlays/${env}`),
      );
    },
  });
}
