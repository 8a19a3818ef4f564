import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  TEMPLATE_ANNOTATIONS,
  TEMPLATE_RECORD_PATH,
  TEMPLATE_UPDATE_PARAMETER,
  parseTemplateVersion,
} from '@agentdeck/plugin-agents-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export { TEMPLATE_RECORD_PATH };

// Blank form fields are dropped; a value equal to one of the task's secrets never reaches the file.
function clean(value: unknown, secrets: Set<string>): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return secrets.has(value) ? undefined : value;
  if (Array.isArray(value))
    return value.map(v => clean(v, secrets)).filter(v => v !== undefined);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = clean(v, secrets);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

/**
 * `agentdeck:template:record`: writes `.agentdeck/template.json` (the template's ref and version,
 * the form's inputs and the normalised agent spec) and outputs the ref and version for the
 * repository's catalog-info.yaml. The version is the running template's own
 * `agentdeck.io/template-version` annotation.
 * @public
 */
export function createRecordTemplateAction() {
  return createTemplateAction({
    id: 'agentdeck:template:record',
    description:
      'Records which template and version produced the repository and the inputs it was given (never secrets) in .agentdeck/template.json; outputs the template ref and version.',
    supportsDryRun: true,
    schema: {
      input: {
        inputs: z =>
          z.record(z.unknown(), {
            description:
              "The template's form values: ${{ parameters }}. Blank values are dropped and so is any value equal to one of the task's secrets",
          }),
        spec: z =>
          z
            .record(z.unknown(), {
              description:
                'The normalised agent spec: ${{ steps.<render>.output.spec }}',
            })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace directory of the repository the record is written into. Default: the workspace root',
            })
            .optional(),
      },
      output: {
        template: z => z.string({ description: "The template's entity ref" }),
        version: z =>
          z.string({
            description: "The template's version, as its annotation writes it",
          }),
        path: z =>
          z.string({ description: 'The record written, in the workspace' }),
      },
    },
    async handler(ctx) {
      const metadata = ctx.templateInfo?.entity?.metadata;
      if (!metadata?.name)
        throw new InputError('The running template is not known');
      const version = parseTemplateVersion(
        metadata.annotations?.[TEMPLATE_ANNOTATIONS.version],
      );
      if (version === undefined)
        throw new InputError(
          `Template ${metadata.name} has no ${TEMPLATE_ANNOTATIONS.version} annotation (a positive integer)`,
        );
      // from the template's own name: a dry run's entityRef is always template:default/dry-run
      const template = `template:${metadata.namespace ?? 'default'}/${
        metadata.name
      }`;
      const secrets = new Set(
        Object.values(ctx.secrets ?? {}).filter(
          (s): s is string => typeof s === 'string' && s.length > 0,
        ),
      );
      // an update proposal's marker is how the template ran, not an input of the agent
      const { [TEMPLATE_UPDATE_PARAMETER]: _update, ...inputs } =
        ctx.input.inputs;
      const record = {
        template,
        version,
        ...(metadata.title ? { title: metadata.title } : {}),
        inputs: clean(inputs, secrets) ?? {},
        ...(ctx.input.spec ? { spec: clean(ctx.input.spec, secrets) } : {}),
      };
      const target = resolveSafeChildPath(
        resolveSafeChildPath(ctx.workspacePath, ctx.input.targetPath ?? '.'),
        TEMPLATE_RECORD_PATH,
      );
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, `${JSON.stringify(record, null, 2)}\n`, 'utf8');
      ctx.output('template', template);
      ctx.output('version', String(version));
      ctx.output('path', TEMPLATE_RECORD_PATH);
    },
  });
}
