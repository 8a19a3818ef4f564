import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseAgentSpec, renderManifestFiles } from '../manifests';
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
        // Types only: forms send blanks for unused fields, so the strict rules (DNS labels, bounds,
        // hostnames) run in the handler after blanks are dropped, with errors naming the field.
        name: z =>
          z.string({ description: 'Agent name, a DNS-1123 label (max 53)' }),
        namespace: z =>
          z.string({
            description: 'Production namespace; other environments get -<env>',
          }),
        profile: z =>
          z.string({
            description:
              'Resource profile: api | embeddings | orchestrator | local-model',
          }),
        workload: z =>
          z.string({ description: 'http | redis-worker | nats-worker' }),
        image: z =>
          z.string({
            description: 'Image with a pinned tag or digest, never latest',
          }),
        models: z =>
          z.array(z.object({ provider: z.string(), name: z.string() }), {
            description: 'LLM models the agent calls',
          }),
        scaling: z =>
          z.object(
            {
              mode: z.string(),
              minReplicas: z.number(),
              maxReplicas: z.number(),
              target: z.number().optional(),
            },
            {
              description:
                'mode hpa | keda | none, replica bounds and the per-pod target',
            },
          ),
        checks: z =>
          z.array(z.string(), {
            description: 'Readiness checks /readyz reports',
          }),
        dependencies: z =>
          z
            .record(z.string(), {
              description: 'Dependency URLs by check name, without credentials',
            })
            .optional(),
        egressHosts: z =>
          z
            .array(z.string(), {
              description: 'External hosts reached over HTTPS',
            })
            .optional(),
        ingress: z =>
          z
            .object(
              {
                host: z.string().optional(),
                timeoutSeconds: z.number().optional(),
              },
              {
                description:
                  'Ingress host and proxy timeout in seconds; a blank host means no Ingress',
              },
            )
            .optional(),
        secrets: z =>
          z.object(
            {
              store: z.string().optional(),
              remoteKey: z.string().optional(),
              existingSecret: z.string().optional(),
            },
            {
              description:
                'ClusterSecretStore name + remote key, or the name of an existing Secret',
            },
          ),
        queue: z =>
          z
            .object(
              {
                kind: z.string(),
                address: z.string(),
                name: z.string(),
                consumer: z.string().optional(),
              },
              {
                description:
                  'Queue a worker consumes: redis list or nats-jetstream stream',
              },
            )
            .optional(),
        longestTaskSeconds: z =>
          z
            .number({
              description: 'Longest task; the grace period is set above it',
            })
            .optional(),
        environments: z =>
          z
            .array(z.string(), { description: 'dev | staging | production' })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace directory to write deploy/ into. Default: the workspace root',
            })
            .optional(),
      },
      output: {
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
      const prefix =
        targetPath === '.' ? '' : `${targetPath.replace(/\/$/, '')}/`;
      ctx.logger.info(
        `Rendered ${Object.keys(files).length} manifest files for ${spec.name}${
          ctx.isDryRun ? ' (dry run)' : ''
        }`,
      );
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
