import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  exists,
  git,
  localPublishLayout,
  localRepoPaths,
  parseRepoUrlQuery,
  SCAFFOLDER_AUTHOR,
} from './localRepos';

/** A branch name as Git allows it, without anything a path could misread. */
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/**
 * Where a branch's files are kept for the UrlReader: beside the owner's
 * repositories under `.branches`, which no repository can be named (names
 * start with a letter or digit); `/` in the branch becomes `--`.
 * @public
 */
export function localBranchCheckout(
  config: Config | undefined,
  owner: string,
  repo: string,
  branch: string,
): string {
  if (!BRANCH.test(branch) || branch.includes('..'))
    throw new InputError(`branchName: "${branch}" is not a valid branch name`);
  return join(
    localPublishLayout(config).checkouts,
    owner,
    '.branches',
    repo,
    branch.replace(/\//g, '--'),
  );
}

/** git as the publisher's author. */
const gitAsPublisher = (args: string[], cwd: string) =>
  git(args, cwd, SCAFFOLDER_AUTHOR);

/** Replaces a directory's content (all but .git) with another's. */
async function replaceContent(dir: string, from: string) {
  for (const entry of await readdir(dir))
    if (entry !== '.git') await rm(join(dir, entry), { recursive: true });
  for (const entry of await readdir(from))
    if (entry !== '.git')
      await cp(join(from, entry), join(dir, entry), { recursive: true });
}

/**
 * `agentdeck:publish:local:branch`: commits a workspace directory as the
 * whole content of a branch of a repository `agentdeck:publish:local`
 * created (the branch starts from `from` when it does not exist yet), and
 * keeps a copy of the branch the UrlReader serves. The demo's stand-in for
 * `publish:github:pull-request`.
 * @public
 */
export function createPublishLocalBranchAction(
  options: { config?: Config } = {},
) {
  return createTemplateAction({
    id: 'agentdeck:publish:local:branch',
    description:
      'Commits a workspace directory as a branch of a local repository (demo stand-in for publish:github:pull-request).',
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({ description: 'RepoUrlPicker value of the repository' }),
        branchName: z => z.string({ description: 'The branch to commit to' }),
        from: z =>
          z
            .string({
              description:
                'Where a new branch starts. Default: the default branch (main)',
            })
            .optional(),
        sourcePath: z =>
          z
            .string({
              description:
                'Workspace directory that becomes the branch content. Default: the workspace',
            })
            .optional(),
        message: z => z.string({ description: 'The commit message' }),
      },
      output: {
        branchName: z => z.string({ description: 'The branch' }),
        commitHash: z =>
          z.string({ description: "The branch's commit after publishing" }),
        changed: z => z.boolean({ description: 'A new commit was made' }),
        contentsUrl: z =>
          z.string({ description: "file: URL of the branch's files" }),
      },
    },
    async handler(ctx) {
      const { owner, repo } = parseRepoUrlQuery(ctx.input.repoUrl);
      const branch = ctx.input.branchName;
      const from = ctx.input.from ?? 'main';
      const copy = localBranchCheckout(options.config, owner, repo, branch);
      localBranchCheckout(options.config, owner, repo, from);
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const { bare } = localRepoPaths(options.config, owner, repo);
      ctx.output('branchName', branch);
      ctx.output('contentsUrl', `${pathToFileURL(copy).href}/`);
      // a dry run publishes nothing, so the repository may not exist yet
      if (ctx.isDryRun) {
        ctx.output('commitHash', 'dry-run');
        ctx.output('changed', false);
        return;
      }
      if (!(await exists(bare)))
        throw new NotFoundError(`No local repository ${owner}/${repo}`);
      const work = await mkdtemp(join(tmpdir(), 'agentdeck-branch-'));
      try {
        await gitAsPublisher(['clone', '--quiet', bare, work], tmpdir());
        const known = await gitAsPublisher(
          ['ls-remote', '--heads', 'origin', branch],
          work,
        );
        await gitAsPublisher(
          known
            ? ['checkout', '--quiet', branch]
            : ['checkout', '--quiet', '-b', branch, `origin/${from}`],
          work,
        );
        await replaceContent(work, source);
        await gitAsPublisher(['add', '--all'], work);
        const changed =
          (await gitAsPublisher(['status', '--porcelain'], work)).length > 0;
        if (changed)
          await gitAsPublisher(
            ['commit', '--quiet', '-m', ctx.input.message],
            work,
          );
        await gitAsPublisher(
          ['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`],
          work,
        );
        await rm(copy, { recursive: true, force: true });
        await cp(work, copy, {
          recursive: true,
          filter: path => !path.split('/').includes('.git'),
        });
        ctx.output(
          'commitHash',
          await gitAsPublisher(['rev-parse', 'HEAD'], work),
        );
        ctx.output('changed', changed);
        ctx.logger.info(
          `${
            changed ? 'Committed' : 'Nothing new for'
          } ${branch} of ${owner}/${repo}`,
        );
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  });
}

/**
 * `agentdeck:publish:local:locate`: where the UrlReader reads a local
 * repository (its default branch) and one of its branches, for
 * `agentdeck:template:merge`. A `{version}` in the branch stays for that
 * action to fill.
 * @public
 */
export function createLocateLocalRepoAction(options: { config?: Config } = {}) {
  return createTemplateAction({
    id: 'agentdeck:publish:local:locate',
    description:
      "URLs of a local repository's files and of one of its branches' files.",
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({ description: 'RepoUrlPicker value of the repository' }),
        branch: z =>
          z.string({
            description:
              'A branch whose URL to give; {version} is kept as it is',
          }),
      },
      output: {
        repoContentsUrl: z =>
          z.string({ description: "file: URL of the default branch's files" }),
        branchContentsUrl: z =>
          z.string({ description: "file: URL of the branch's files" }),
      },
    },
    async handler(ctx) {
      const { owner, repo } = parseRepoUrlQuery(ctx.input.repoUrl);
      const { checkout } = localRepoPaths(options.config, owner, repo);
      if (!(await exists(checkout)))
        throw new NotFoundError(`No local repository ${owner}/${repo}`);
      // {version} passes through as a plain word and comes back as itself
      const marker = 'AGENTDECKVERSION';
      const branch = localBranchCheckout(
        options.config,
        owner,
        repo,
        ctx.input.branch.replace(/\{version\}/g, marker),
      );
      ctx.output('repoContentsUrl', `${pathToFileURL(checkout).href}/`);
      ctx.output(
        'branchContentsUrl',
        `${pathToFileURL(branch).href}/`.replace(
          new RegExp(marker, 'g'),
          '{version}',
        ),
      );
    },
  });
}
