import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  assertRepositoryAbsent,
  claimDirectory,
  git,
  localRepoPaths,
  parseRepoUrlQuery,
} from './localRepos';
import { examples } from './publishLocal.examples';

export { localPublishDirectory, parseRepoUrlQuery } from './localRepos';

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
      const { bare, checkout } = localRepoPaths(options.config, owner, repo);
      const name = `${owner}/${repo}`;
      const outputs = {
        remoteUrl: pathToFileURL(bare).href,
        repoContentsUrl: pathToFileURL(checkout).href,
        catalogInfoUrl: pathToFileURL(join(checkout, 'catalog-info.yaml')).href,
      };
      await assertRepositoryAbsent([bare, checkout], name);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish to ${bare}`);
        for (const [k, v] of Object.entries({
          ...outputs,
          commitHash: 'dry-run',
        }))
          ctx.output(k as 'remoteUrl', v);
        return;
      }
      const run = (args: string[], cwd: string) =>
        git(args, cwd, [`init.defaultBranch=${branch}`]);
      await claimDirectory(bare, name);
      await claimDirectory(checkout, name);
      await run(['init', '--bare', '--quiet'], bare);
      await cp(source, checkout, { recursive: true });
      await run(['init', '--quiet', '-b', branch], checkout);
      await run(['add', '--all'], checkout);
      const author = [
        '-c',
        `user.name=${ctx.input.gitAuthorName ?? 'AgentDeck Scaffolder'}`,
        '-c',
        `user.email=${
          ctx.input.gitAuthorEmail ?? 'scaffolder@agentdeck.local'
        }`,
      ];
      await run(
        [
          ...author,
          'commit',
          '--quiet',
          '-m',
          `Initial commit: ${ctx.input.description ?? repo}`,
        ],
        checkout,
      );
      await run(
        ['push', '--quiet', bare, `HEAD:refs/heads/${branch}`],
        checkout,
      );
      const commitHash = await run(['rev-parse', 'HEAD'], checkout);
      ctx.logger.info(`Published ${repo} to ${bare}`);
      for (const [k, v] of Object.entries({ ...outputs, commitHash }))
        ctx.output(k as 'remoteUrl', v);
    },
  });
}
