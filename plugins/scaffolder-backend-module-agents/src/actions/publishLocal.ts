import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { execFile } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { examples } from './publishLocal.examples';

const exec = promisify(execFile);
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Where local repositories live: `agentdeck.localPublish.directory` or `<tmpdir>/agentdeck-repos`. @public */
export function localPublishDirectory(config?: Config): string {
  return resolve(
    config?.getOptionalString('agentdeck.localPublish.directory') ??
      join(tmpdir(), 'agentdeck-repos'),
  );
}

/** Reads owner and repo from a RepoUrlPicker value such as `github.com?owner=acme&repo=billing-agent`. */
export function parseRepoUrlQuery(repoUrl: string): {
  owner: string;
  repo: string;
} {
  const query = new URLSearchParams(repoUrl.slice(repoUrl.indexOf('?') + 1));
  const owner = query.get('owner') ?? query.get('organization') ?? 'local';
  const repo = query.get('repo') ?? '';
  for (const [field, value] of [
    ['owner', owner],
    ['repo', repo],
  ]) {
    if (!SEGMENT.test(value))
      throw new InputError(
        `repoUrl: ${field} "${value}" is not a valid repository name`,
      );
  }
  return { owner, repo };
}

/**
 * `agentdeck:publish:local`: publishes the workspace as a commit in a local bare Git repository
 * and keeps a checked-out copy whose catalog-info.yaml the catalog can read. For demos without a
 * Git host; `publish:github` is the production equivalent.
 * @public
 */
export function createPublishLocalAction(options: { config?: Config } = {}) {
  return createTemplateAction({
    id: 'agentdeck:publish:local',
    description:
      'Commits the workspace into a local bare Git repository (demo stand-in for publish:github).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'RepoUrlPicker value; owner and repo name the local repository',
          }),
        description: z =>
          z.string({ description: 'Repository description' }).optional(),
        defaultBranch: z =>
          z
            .string({ description: 'Branch to commit to. Default: main' })
            .optional(),
        sourcePath: z =>
          z
            .string({
              description:
                'Workspace subdirectory to publish. Default: the whole workspace',
            })
            .optional(),
        gitAuthorName: z =>
          z.string({ description: 'Commit author name' }).optional(),
        gitAuthorEmail: z =>
          z.string({ description: 'Commit author email' }).optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'file: URL of the bare repository' }),
        repoContentsUrl: z =>
          z.string({ description: 'file: URL of the checked-out copy' }),
        catalogInfoUrl: z =>
          z.string({
            description:
              'file: URL of catalog-info.yaml in the checked-out copy',
          }),
        commitHash: z => z.string({ description: 'The published commit' }),
      },
    },
    async handler(ctx) {
      const { owner, repo } = parseRepoUrlQuery(ctx.input.repoUrl);
      // Checked before anything is written: a sourcePath such as ../../etc would publish host files.
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const branch = ctx.input.defaultBranch ?? 'main';
      const root = localPublishDirectory(options.config);
      const bare = join(root, owner, `${repo}.git`);
      const checkout = join(root, 'checkouts', owner, repo);
      const outputs = {
        remoteUrl: pathToFileURL(bare).href,
        repoContentsUrl: pathToFileURL(checkout).href,
        catalogInfoUrl: pathToFileURL(join(checkout, 'catalog-info.yaml')).href,
      };
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish to ${bare}`);
        for (const [k, v] of Object.entries({
          ...outputs,
          commitHash: 'dry-run',
        }))
          ctx.output(k as 'remoteUrl', v);
        return;
      }
      const git = async (args: string[], cwd: string) =>
        (
          await exec(
            'git',
            [
              '-c',
              `init.defaultBranch=${branch}`,
              '-c',
              'commit.gpgsign=false',
              ...args,
            ],
            {
              cwd,
              env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
            },
          )
        ).stdout.trim();
      await mkdir(bare, { recursive: true });
      await git(['init', '--bare', '--quiet'], bare);
      // The checkout is rebuilt from the workspace so the catalog sees exactly what was committed.
      await rm(checkout, { recursive: true, force: true });
      await mkdir(checkout, { recursive: true });
      await cp(source, checkout, { recursive: true });
      await git(['init', '--quiet', '-b', branch], checkout);
      await git(['add', '--all'], checkout);
      const author = [
        '-c',
        `user.name=${ctx.input.gitAuthorName ?? 'AgentDeck Scaffolder'}`,
        '-c',
        `user.email=${
          ctx.input.gitAuthorEmail ?? 'scaffolder@agentdeck.local'
        }`,
      ];
      await git(
        [
          ...author,
          'commit',
          '--quiet',
          '-m',
          `Initial commit: ${ctx.input.description ?? repo}`,
        ],
        checkout,
      );
      await git(
        ['push', '--quiet', '--force', bare, `HEAD:refs/heads/${branch}`],
        checkout,
      );
      const commitHash = await git(['rev-parse', 'HEAD'], checkout);
      ctx.logger.info(`Published ${repo} to ${bare}`);
      for (const [k, v] of Object.entries({ ...outputs, commitHash }))
        ctx.output(k as 'remoteUrl', v);
    },
  });
}
