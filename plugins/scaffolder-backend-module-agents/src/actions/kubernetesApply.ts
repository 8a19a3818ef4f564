import { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applyObjects } from '../kubernetes/applyObjects';
import { kubeConfigFor } from '../kubernetes/clusters';
import { assertNamespaceAllowed } from '../kubernetes/namespaces';
import {
  AGENT_ENVIRONMENTS,
  K8sObject,
  parseAgentSpec,
  renderEnvironmentObjects,
} from '../manifests';
import { environmentSettings } from '../manifests/environments';
import { normalizeSpecInput } from './normalizeSpec';
import { examples } from './kubernetesApply.examples';

/**
 * `agentdeck:kubernetes:apply`: server-side applies an agent's manifests for one environment to a
 * cluster from `kubernetes.clusterLocatorMethods`, never into `default` or `kube-*` and never
 * taking over objects another field manager owns. In a dry run the API server validates and admits
 * everything (`dryRun=All`) without persisting it.
 * @public
 */
export function createKubernetesApplyAction(options: { config: Config }) {
  return createTemplateAction({
    id: 'agentdeck:kubernetes:apply',
    description:
      'Applies the rendered base + overlay objects of an agent to a configured cluster (server-side apply), reporting PodSecurity warnings.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: z =>
          z.record(z.unknown(), {
            description:
              'The agent spec, as given to agentdeck:manifests:render',
          }),
        cluster: z =>
          z.string({
            description: 'Cluster name from kubernetes.clusterLocatorMethods',
          }),
        environment: z =>
          z
            .enum(AGENT_ENVIRONMENTS, {
              description: 'Overlay to apply. Default: dev',
            })
            .optional(),
        createNamespace: z =>
          z
            .boolean({
              description:
                'Create the namespace if it does not exist, labelled to enforce PodSecurity "restricted"; an existing namespace is left unchanged. Default: true',
            })
            .optional(),
      },
      output: {
        namespace: z =>
          z.string({ description: 'Namespace the agent was applied to' }),
        applied: z =>
          z.array(
            z.object({
              kind: z.string(),
              name: z.string(),
              namespace: z.string().optional(),
            }),
            {
              description: 'Objects applied (or admitted, in a dry run)',
            },
          ),
        skipped: z =>
          z.array(
            z.object({
              kind: z.string(),
              name: z.string(),
              reason: z.string(),
            }),
            {
              description:
                'Objects not applied: an existing Namespace, or an API (KEDA, Prometheus Operator, External Secrets) the cluster does not serve',
            },
          ),
        warnings: z =>
          z.array(z.string(), {
            description: 'API server warnings, e.g. PodSecurity violations',
          }),
      },
    },
    async handler(ctx) {
      const spec = parseAgentSpec(normalizeSpecInput(ctx.input.spec));
      const environment = ctx.input.environment ?? 'dev';
      const kc = kubeConfigFor(options.config, ctx.input.cluster);
      const { namespace } = environmentSettings(spec, environment);
      const objects: K8sObject[] = renderEnvironmentObjects(spec, environment);
      if (ctx.input.createNamespace ?? true) {
        objects.unshift({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: namespace,
            labels: {
              'pod-security.kubernetes.io/enforce': 'restricted',
              'pod-security.kubernetes.io/warn': 'restricted',
              'agentdeck.io/environment': environment,
            },
          },
        });
      }
      const namespaces = new Set([namespace]);
      for (const o of objects)
        if (typeof o.metadata.namespace === 'string')
          namespaces.add(o.metadata.namespace);
      for (const ns of namespaces) assertNamespaceAllowed(ns, options.config);
      const dryRun = ctx.isDryRun ?? false;
      ctx.logger.info(
        `Applying ${objects.length} objects to ${
          ctx.input.cluster
        }/${namespace}${dryRun ? ' (server dry run)' : ''}`,
      );
      const result = await applyObjects(kc, objects, { dryRun });
      for (const warning of result.warnings)
        ctx.logger.warn(`API server warning: ${warning}`);
      for (const s of result.skipped)
        ctx.logger.warn(`Skipped ${s.kind} ${s.name}: ${s.reason}`);
      ctx.output('namespace', namespace);
      ctx.output('applied', result.applied);
      ctx.output('skipped', result.skipped);
      ctx.output('warnings', result.warnings);
    },
  });
}
