import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { AGENT_SCALING_MODES } from '@agentdeck/plugin-agents-common';
import { normalizeSpecInput } from './normalizeSpec';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
const CHECK = /^[a-z][a-z0-9_]{0,30}$/;
const NO_CREDENTIALS =
  'credentials belong in the secret store, not in a URL (no user, password or credential query parameter)';
const ONE_LINE = /^[^\r\n]+$/;

/** Query parameters that carry credentials in common client libraries' connection strings. */
const CREDENTIAL_PARAM =
  /^(pass(word|wd)?|pwd|secret|token|access_?token|api[_-]?key|key|client_?secret|sslpassword|auth|credentials?)$/i;

/**
 * Addresses end up in a ConfigMap, so any userinfo (a token as user name too) and any
 * credential-named query parameter (`?password=`, `?api_key=`) is refused.
 */
function hasNoCredentials(address: string): boolean {
  const params = address.split(/[?&;]/).slice(1);
  if (
    params.some(p => CREDENTIAL_PARAM.test(p.split('=')[0]) && p.includes('='))
  )
    return false;
  try {
    const url = new URL(address.includes('://') ? address : `tcp://${address}`);
    return !url.username && !url.password;
  } catch {
    return !address.includes('@');
  }
}

/** Resource profiles from the field notes. @public */
export const AGENT_PROFILES = [
  'api',
  'embeddings',
  'orchestrator',
  'local-model',
] as const;
/** Environments an overlay can be rendered for. @public */
export const AGENT_ENVIRONMENTS = ['dev', 'staging', 'production'] as const;

/** Zod schema pieces shared by the action input and the full spec. @public */
export const specFields = {
  // 53 leaves room for the suffixes Kubernetes and we add (-quota, pod hashes).
  name: z
    .string({ description: 'Agent name, a DNS-1123 label' })
    .max(53)
    .regex(
      DNS_LABEL,
      'must be a DNS-1123 label (lowercase letters, digits, "-")',
    ),
  namespace: z
    .string({ description: 'Production namespace, a DNS-1123 label' })
    .max(53)
    .regex(DNS_LABEL, 'must be a DNS-1123 label'),
  profile: z.enum(AGENT_PROFILES, { description: 'Resource profile' }),
  workload: z.enum(['http', 'redis-worker', 'nats-worker'], {
    description: 'How the agent receives work',
  }),
  image: z
    .string({ description: 'Container image with a pinned tag or digest' })
    .regex(
      /^[^\s:@]+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/,
      'must carry a tag or digest',
    )
    .refine(v => !v.endsWith(':latest'), 'must not use the latest tag'),
  models: z
    .array(
      z.object({
        provider: z.string().regex(ONE_LINE, 'must be one line').max(64),
        name: z.string().regex(ONE_LINE, 'must be one line').max(128),
      }),
      {
        description: 'LLM models the agent calls',
      },
    )
    .min(1),
  scaling: z.object(
    {
      mode: z.enum(AGENT_SCALING_MODES),
      minReplicas: z.number().int().min(0).max(100),
      maxReplicas: z.number().int().min(1).max(100),
      target: z.number().positive().default(8),
    },
    { description: 'Replica bounds and the per-pod scaling target' },
  ),
  checks: z
    .array(z.string().regex(CHECK, 'must be a lowercase identifier'), {
      description: 'Readiness checks reported by /readyz',
    })
    .min(1),
  dependencies: z
    .record(
      z.string().regex(CHECK),
      z.string().url().refine(hasNoCredentials, NO_CREDENTIALS),
      {
        description:
          'Non-secret dependency URLs by check name (DATABASE_URL from database)',
      },
    )
    .default({}),
  egressHosts: z
    .array(z.string().regex(HOSTNAME, 'must be a hostname'), {
      description: 'External hosts the agent calls over HTTPS',
    })
    .default([]),
  ingress: z
    .object(
      {
        host: z.string().regex(HOSTNAME, 'must be a hostname'),
        timeoutSeconds: z.number().int().min(30).max(3600).default(300),
      },
      { description: 'Ingress host and proxy timeout' },
    )
    .optional(),
  secrets: z.union(
    [
      z.object({
        store: z.string().regex(DNS_LABEL),
        remoteKey: z.string().min(1),
      }),
      z.object({ existingSecret: z.string().regex(DNS_LABEL) }),
    ],
    { description: 'ClusterSecretStore + remote key, or an existing Secret' },
  ),
  queue: z
    .object(
      {
        kind: z.enum(['redis', 'nats-jetstream']),
        address: z.string().min(1).refine(hasNoCredentials, NO_CREDENTIALS),
        name: z.string().min(1),
        consumer: z.string().optional(),
      },
      {
        description:
          'Queue a worker consumes: Redis list or JetStream stream + consumer',
      },
    )
    .optional(),
  longestTaskSeconds: z.number().int().min(5).max(3600).default(120),
  // Off by default: a quota per agent in a namespace agents share would govern every pod in it.
  namespacePolicy: z
    .boolean({
      description:
        "The namespace is the agent's own: also render its ResourceQuota and LimitRange",
    })
    .default(false),
  environments: z
    .array(z.enum(AGENT_ENVIRONMENTS))
    .min(1)
    .default(['dev', 'production']),
};

/** The typed agent spec the manifests are rendered from. @public */
export const agentSpecSchema = z
  .object(specFields)
  .refine(s => s.scaling.minReplicas <= s.scaling.maxReplicas, {
    message: 'minReplicas must not exceed maxReplicas',
    path: ['scaling', 'minReplicas'],
  })
  .refine(s => s.scaling.mode !== 'keda' || s.queue !== undefined, {
    message: 'KEDA scaling needs a queue',
    path: ['queue'],
  })
  .refine(s => s.scaling.mode !== 'hpa' || s.scaling.minReplicas >= 1, {
    message: 'an HPA needs at least 1 replica',
    path: ['scaling', 'minReplicas'],
  });

/** A validated agent spec. @public */
export type AgentSpec = z.output<typeof agentSpecSchema>;
/** Agent spec as written by a template, before defaults. @public */
export type AgentSpecInput = z.input<typeof agentSpecSchema>;

/**
 * Validates a spec as a template writes it (blank form fields dropped first), throwing an
 * InputError that names the offending field. The one place the spec's rules are checked.
 * @public
 */
export function parseAgentSpec(input: unknown): AgentSpec {
  const result = agentSpecSchema.safeParse(
    input && typeof input === 'object' && !Array.isArray(input)
      ? normalizeSpecInput(input as Record<string, unknown>)
      : input,
  );
  if (result.success) return result.data;
  const describe = (i: z.ZodIssue): string =>
    i.code === 'invalid_union'
      ? i.unionErrors.map(e => e.issues.map(describe).join(', ')).join(' or ')
      : `${i.path.join('.') || '(root)'}: ${i.message}`;
  const detail = result.error.issues.map(describe).join('; ');
  throw new InputError(`Invalid agent spec: ${detail}`);
}
