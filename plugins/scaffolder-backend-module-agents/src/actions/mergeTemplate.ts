import {
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { parseTemplateVersion } from '@agentdeck/plugin-agents-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { FileTree, mergeTrees, TreeMergeResult } from '../update/mergeTrees';
import { TEMPLATE_RECORD_PATH } from './recordTemplate';

/** Git metadata is never repository content. */
const skipped = (path: string) => path.split('/').includes('.git');

async function readWorkspaceTree(root: string): Promise<FileTree> {
  const tree: FileTree = {};
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const path = relative(root, full).split(sep).join('/');
      if (skipped(path)) continue;
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) tree[path] = await readFile(full, 'utf8');
    }
  };
  await walk(root);
  return tree;
}

async function readRemoteTree(
  reader: UrlReaderService,
  url: string,
  what: string,
): Promise<FileTree> {
  let response;
  try {
    response = await reader.readTree(url);
  } catch (e) {
    throw new InputError(
      `${what}: could not read ${url}: ${(e as Error).message}`,
    );
  }
  const tree: FileTree = {};
  for (const file of await response.files()) {
    const path = file.path.split(sep).join('/');
    if (!skipped(path)) tree[path] = (await file.content()).toString('utf8');
  }
  return tree;
}

/** The version a tree's `.agentdeck/template.json` records. */
function recordedVersion(tree: FileTree, what: string): number {
  const raw = tree[TEMPLATE_RECORD_PATH];
  if (raw === undefined)
    throw new InputError(
      `${what} has no ${TEMPLATE_RECORD_PATH}: it was not created from a versioned template`,
    );
  let version: number | undefined;
  try {
    version = parseTemplateVersion(String(JSON.parse(raw).version));
  } catch {
    version = undefined;
  }
  if (version === undefined)
    throw new InputError(
      `${what}: ${TEMPLATE_RECORD_PATH} names no template version`,
    );
  return version;
}

const list = (paths: string[]) => paths.map(p => `\`${p}\``).join(', ');

/** The merge in words, for the task's output and the commit message: conflicts first. @public */
export function mergeSummary(
  r: TreeMergeResult,
  from: number,
  to: number,
): string {
  const out = [`Template update v${from} → v${to}.`];
  if (r.conflicts.length) {
    out.push(
      '',
      `Conflicts (${r.conflicts.length}): your version is kept; the template's change below is not applied.`,
    );
    for (const c of r.conflicts) {
      if (c.kind === 'deleted-by-team')
        out.push(`- \`${c.path}\`: you removed it; the template changed it.`);
      else if (c.kind === 'deleted-by-template')
        out.push(`- \`${c.path}\`: the template removed it; you changed it.`);
      for (const h of c.hunks)
        out.push(
          `- \`${c.path}\` line ${h.baseLine}: yours \`${h.team.join(
            '⏎',
          )}\`, the template's \`${h.template.join('⏎')}\``,
        );
    }
  }
  const groups: Array<[string, string[]]> = [
    ['Updated from the template', r.updated],
    ['Added by the template', r.added],
    ['Removed by the template', r.removed],
    ["Merged (the template's change and yours, on different lines)", r.merged],
  ];
  for (const [title, paths] of groups)
    if (paths.length) out.push('', `${title}: ${list(paths)}.`);
  if (r.kept.length)
    out.push(
      '',
      `Your changes kept (the template did not change these): ${list(r.kept)}.`,
    );
  return out.join('\n');
}

/**
 * `agentdeck:template:merge`: three-way merges what the current template
 * version renders (`sourcePath`, from the recorded inputs) into the
 * repository as it is now (`currentUrl`), against what the recorded version
 * rendered (`baseUrl`), and writes the result to `targetPath` for a publish
 * step to propose as a branch or pull request. Where the team and the
 * template changed the same lines the team's stay, and the conflict is in
 * the output.
 * @public
 */
export function createMergeTemplateAction(options: {
  reader: UrlReaderService;
}) {
  return createTemplateAction({
    id: 'agentdeck:template:merge',
    description:
      "Merges a template update into a generated repository: the new render, the repository now and the recorded version's render, line by line; conflicts keep the team's lines and are reported.",
    supportsDryRun: true,
    schema: {
      input: {
        currentUrl: z =>
          z.string({
            description:
              "The repository as it is now: a tree URL of its default branch (the catalog entity's source location)",
          }),
        baseUrl: z =>
          z.string({
            description:
              'A tree URL of what the recorded template version rendered (the branch agentdeck/template-v<N>); {version} is replaced by the version the repository records',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                "Workspace directory with the current version's render. Default: template",
            })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace directory the merged repository is written to. Default: merged',
            })
            .optional(),
      },
      output: {
        fromVersion: z =>
          z.string({ description: 'The version the repository records' }),
        toVersion: z => z.string({ description: 'The version rendered now' }),
        baseUrl: z => z.string({ description: 'The base read' }),
        upToDate: z =>
          z.boolean({
            description: 'The merge changes nothing in the repository',
          }),
        conflicts: z =>
          z.array(z.string(), {
            description: 'Files where the team kept lines over the template',
          }),
        summary: z =>
          z.string({ description: 'What the merge did, as Markdown' }),
      },
    },
    async handler(ctx) {
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? 'template',
      );
      const target = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath ?? 'merged',
      );
      if (source === target)
        throw new InputError('sourcePath and targetPath must differ');
      const next = await readWorkspaceTree(source);
      const to = recordedVersion(next, 'The new render');
      const team = await readRemoteTree(
        options.reader,
        ctx.input.currentUrl,
        'currentUrl',
      );
      const from = recordedVersion(team, 'The repository');
      const baseUrl = ctx.input.baseUrl.replace(/\{version\}/g, String(from));
      const base = await readRemoteTree(options.reader, baseUrl, 'baseUrl');
      const result = mergeTrees({ base, team, next });
      for (const [path, content] of Object.entries(result.files)) {
        const file = resolveSafeChildPath(target, path);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, content, 'utf8');
      }
      const upToDate =
        Object.keys(result.files).length === Object.keys(team).length &&
        Object.entries(result.files).every(([p, c]) => team[p] === c);
      const summary = mergeSummary(result, from, to);
      ctx.logger.info(summary);
      ctx.output('fromVersion', String(from));
      ctx.output('toVersion', String(to));
      ctx.output('baseUrl', baseUrl);
      ctx.output('upToDate', upToDate);
      ctx.output(
        'conflicts',
        result.conflicts.map(c => c.path),
      );
      ctx.output('summary', summary);
    },
  });
}
