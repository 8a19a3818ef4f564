import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

/** The folder of the agent templates: one `<name>.yaml` each, sharing `skeleton/`. */
export const TEMPLATES_DIR = resolve(__dirname, '../../../../templates/agents');

type Step = { id: string; action: string; input: Record<string, unknown> };

/** Loads a template's steps. */
export async function loadTemplate(
  name: string,
): Promise<{ path: string; steps: Step[]; doc: any }> {
  const path = join(TEMPLATES_DIR, `${name}.yaml`);
  const doc = parse(await readFile(path, 'utf8'));
  return { path, steps: doc.spec.steps, doc };
}

/**
 * Resolves `${{ parameters.x }}` the way the scaffolder does for plain references: a value that is
 * only one reference keeps its type, references inside text are stringified.
 */
export function resolveParameters(
  value: unknown,
  parameters: Record<string, unknown>,
): unknown {
  if (typeof value === 'string') {
    // `${{ 'a' if parameters.x else 'b' }}`, as the update mode's target paths are written
    const choice =
      /^\$\{\{ '([^']*)' if parameters\.(\w+) else '([^']*)' \}\}$/.exec(value);
    if (choice) return parameters[choice[2]] ? choice[1] : choice[3];
    const whole = /^\$\{\{ parameters\.(\w+) \}\}$/.exec(value);
    if (whole) return parameters[whole[1]];
    return value.replace(/\$\{\{ parameters\.(\w+) \}\}/g, (_, k) =>
      String(parameters[k] ?? ''),
    );
  }
  if (Array.isArray(value))
    return value.map(v => resolveParameters(v, parameters));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        resolveParameters(v, parameters),
      ]),
    );
  }
  return value;
}

/** Runs the template's real fetch:template step (Backstage's action) into a workspace. */
export async function fetchSkeleton(
  name: string,
  values: Record<string, unknown>,
  workspacePath: string,
) {
  const { path, steps } = await loadTemplate(name);
  const step = steps.find(s => s.action === 'fetch:template');
  if (!step) throw new Error(`${name} has no fetch:template step`);
  const action = createFetchTemplateAction({
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  await action.handler(
    createMockActionContext({
      input: {
        ...(resolveParameters(step.input, values) as object),
        values,
      } as any,
      workspacePath,
      templateInfo: {
        baseUrl: pathToFileURL(path).href,
        entityRef: `template:default/${name}`,
      },
    }),
  );
}

/** Skeleton values as a template's fetch step produces them. */
export function sampleValues(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'test-agent',
    description: 'Answers billing questions',
    owner: 'group:default/billing-team',
    system: 'system:default/payments',
    lifecycle: 'experimental',
    namespace: 'ai-agents',
    agentType: 'api',
    workload: 'http',
    profile: 'api',
    provider: 'openai',
    model: 'gpt-4o-mini',
    checks: ['llm_api', 'database'],
    scalingMode: 'hpa',
    minReplicas: 2,
    maxReplicas: 10,
    monthlyBudgetUsd: 500,
    ...overrides,
  };
}
