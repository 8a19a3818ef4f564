import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Owners that would look like the layout's own directories to anyone reading the tree. */
const RESERVED_OWNERS = ['bare', 'checkouts'];

/** Where local repositories live: `agentdeck.localPublish.directory` or `<tmpdir>/agentdeck-repos`. @public */
export function localPublishDirectory(config?: Config): string {
  return resolve(
    config?.getOptionalString('agentdeck.localPublish.directory') ??
      join(tmpdir(), 'agentdeck-repos'),
  );
}

/**
 * Bare repositories and checkouts live under separate roots, so no owner or repository name can
 * make one land inside the other (a checkout inside a bare repository could plant hooks).
 * Only `checkouts` is readable through LocalRepoUrlReader.
 * @public
 */
export function localPublishLayout(config?: Config): {
  bare: string;
  checkouts: string;
} {
  const root = localPublishDirectory(config);
  return { bare: join(root, 'bare'), checkouts: join(root, 'checkouts') };
}

/** A local repository's bare repository and its checkout of the default branch. */
export function localRepoPaths(
  config: Config | undefined,
  owner: string,
  repo: string,
): { bare: string; checkout: string } {
  const layout = localPublishLayout(config);
  return {
    bare: join(layout.bare, owner, `${repo}.git`),
    checkout: join(layout.checkouts, owner, repo),
  };
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
    if (value.toLowerCase().endsWith('.git'))
      throw new InputError(`repoUrl: ${field} "${value}" must not end in .git`);
  }
  if (RESERVED_OWNERS.includes(owner.toLowerCase()))
    throw new InputError(`repoUrl: owner "${owner}" is reserved`);
  return { owner, repo };
}

const alreadyExists = (name: string) =>
  new ConflictError(
    `Repository ${name} already exists; choose another name or remove it first`,
  );

/** Whether a path exists. */
export const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The author of what the publisher commits. */
export const SCAFFOLDER_AUTHOR = [
  'user.name=AgentDeck Scaffolder',
  'user.email=scaffolder@agentdeck.local',
];

/** Runs git in `cwd` with `config` (`key=value`), never prompting or signing; answers its stdout, trimmed. */
export async function git(
  args: string[],
  cwd: string,
  config: string[] = [],
): Promise<string> {
  const { stdout } = await exec(
    'git',
    [...['commit.gpgsign=false', ...config].flatMap(c => ['-c', c]), ...args],
    { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
  );
  return stdout.trim();
}

/** Publishing never replaces a repository: anyone may pick any name, so overwriting would let one user replace another's. */
export async function assertRepositoryAbsent(paths: string[], name: string) {
  for (const path of paths) {
    if (await exists(path)) throw alreadyExists(name);
  }
}

/**
 * Creates `path` and fails if it already exists. The last mkdir is not recursive, so of two
 * publishes racing for one name exactly one wins.
 */
export async function claimDirectory(path: string, name: string) {
  await mkdir(dirname(path), { recursive: true });
  await mkdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') throw alreadyExists(name);
    throw error;
  });
}
