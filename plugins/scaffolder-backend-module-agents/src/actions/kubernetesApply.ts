import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applyObjects } from '../kubernetes/applyObjects';
import {
  ApplyClustersOptions,
  createApplyClusters,
} from '../kubernetes/clusters';
import { assertNamespaceAllowed } from '../kubernetes/namespaces';
import { readApplySettings, toOwnerRef } from '../kubernetes/applySettings';
import {
  assertNamespaceOwnedBy,
  assertSecretMeantFor,
  assertUserBelongsTo,
} from '../kubernetes/ownership';
import {
  AGENT_ENVIRONMENTS,
  K8sObject,
  parseAgentSpec,
  renderEnvironmentObjects,
} from '../manifests';
import { environmentSettings } from '../manifests/environments';
import { examples } from './kubernetesApply.examples';

function parseOwner(value: string): string {
  try {
    return toOwnerRef(value);
  } catch {
    throw new InputError(`owner: "${value}" is not an entity ref`);
  }
}

/**
 * `agentdeck:kubernetes:apply`: server-side applies an agent's manifests for one environment to a
 * cluster from `kubernetes.clusterLocatorMethods`, only for a member of the agent's owner, only
 * into a namespace that belongs to that owner (never `default` or `kube-*`), with an existing
 * Secret only when it is labelled for the agent, and never taking over objects another field
 * manager owns. In a dry run the API server validates and admits everything (`dryRun=All`)
 * without persisting it.
 * @public
 */
export function createKubernetesApplyAction(options: ApplyClustersOptions) {
  // read now: a cluster AgentDeck cannot use is refused at startup, not at the first run
  const clusters = createApplyClusters(options);
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
              'The agent spec: the `spec` output of agentdeck:manifests:render',
          }),
        owner: z =>
          z.string({
            description:
              'The agent owner (entity ref); the user running the task must be a member, and the namespace must belong to it',
          }),
        cluster: z =>
          z.string({
            description:
              'Cluster name from agentdeck.kubernetesApply.clusters, else from kubernetes.clusterLocatorMethods',
          }),
        environment: z =>
          z
            .enum(AGENT_ENVIRONMENTS, {
              description: 'Overlay to apply. Default: dev',
            })
            .optional(),
        checkOnly: z =>
          z
            .boolean({
              description:
                'Check only: the ownership rules and a server-side dry run, writing nothing; put it before the publish step so a refusal comes before anything is created. Default: false',
            })
            .optional(),
        createNamespace: z =>
          z
            .boolean({
              description:
                'Create the namespace if it does not exist, labelled to enforce PodSecurity "restricted" and annotated with its owner; an existing namespace is left unchanged. Default: true',
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
      const spec = parseAgentSpec(ctx.input.spec);
      const environment = ctx.input.environment ?? 'dev';
      const owner = parseOwner(ctx.input.owner);
      const settings = readApplySettings(options.config);
      const kc = await clusters.kubeConfigFor(ctx.input.cluster);
      const { namespace } = environmentSettings(spec, environment);
      const objects: K8sObject[] = renderEnvironmentObjects(spec, environment);
      for (const o of objects)
        if (
          typeof o.metadata.namespace === 'string' &&
          o.metadata.namespace !== namespace
        )
          throw new InputError(
            `${o.kind} ${o.metadata.name} renders into namespace "${o.metadata.namespace}", not "${namespace}"`,
          );
      assertNamespaceAllowed(namespace, options.config);
      assertUserBelongsTo(ctx.user, owner);
      const exists = await assertNamespaceOwnedBy(
        kc,
        namespace,
        owner,
        settings,
      );
      if ('existingSecret' in spec.secrets)
        await assertSecretMeantFor(
          kc,
          namespace,
          spec.secrets.existingSecret,
          spec.name,
        );
      if (!exists && !(ctx.input.createNamespace ?? true))
        throw new InputError(
          `namespace "${namespace}" does not exist and createNamespace is false`,
        );
      if (!exists) {
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
            annotations: { 'agentdeck.io/owner': owner },
          },
        });
      }
      const dryRun = (ctx.isDryRun ?? false) || (ctx.input.checkOnly ?? false);
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
