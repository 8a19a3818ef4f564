import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublishLocalAction } from './publishLocal';
import {
  createLocateLocalRepoAction,
  createPublishLocalBranchAction,
} from './publishLocalBranch';

const repoUrl = 'github.com?owner=acme&repo=faq-agent';

describe('agentdeck:publish:local:branch and :locate', () => {
  let root: string;
  let workspacePath: string;
  let config: ConfigReader;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'agentdeck-repos-'));
    workspacePath = await mkdtemp(join(tmpdir(), 'agentdeck-ws-'));
    config = new ConfigReader({
      agentdeck: { localPublish: { directory: root } },
    });
    await writeFile(join(workspacePath, 'README.md'), 'v1\n');
    await createPublishLocalAction({ config }).handler(
      createMockActionContext({ input: { repoUrl }, workspacePath }),
    );
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(workspacePath, { recursive: true, force: true });
  });

  const bare = () => join(root, 'bare/acme/faq-agent.git');
  const show = (ref: string) =>
    execFileSync('git', ['--git-dir', bare(), 'show', ref], {
      encoding: 'utf8',
    });
  const branch = async (input: Record<string, unknown>) => {
    const ctx = createMockActionContext({
      input: { repoUrl, message: 'm', ...input } as any,
      workspacePath,
    });
    await createPublishLocalBranchAction({ config }).handler(ctx);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };

  it('starts a branch from main, commits the directory as its whole content, and keeps its files where the UrlReader serves them', async () => {
    // the same content as main: the branch points at main's commit
    const same = await branch({ branchName: 'agentdeck/template-v1' });
    expect(same.changed).toBe(false);
    expect(same.commitHash).toBe(
      execFileSync('git', ['--git-dir', bare(), 'rev-parse', 'main'], {
        encoding: 'utf8',
      }).trim(),
    );

    await writeFile(join(workspacePath, 'README.md'), 'v2\n');
    await writeFile(join(workspacePath, 'NEW.md'), 'new\n');
    const next = await branch({ branchName: 'agentdeck/update-v2' });
    expect(next.changed).toBe(true);
    expect(show('agentdeck/update-v2:README.md')).toBe('v2\n');
    expect(show('agentdeck/update-v2:NEW.md')).toBe('new\n');
    expect(show('main:README.md')).toBe('v1\n');
    expect(
      await readFile(
        join(fileURLToPath(next.contentsUrl), 'README.md'),
        'utf8',
      ),
    ).toBe('v2\n');

    // a file left out of the directory is removed from the branch
    await rm(join(workspacePath, 'NEW.md'));
    await branch({ branchName: 'agentdeck/update-v2' });
    expect(() => show('agentdeck/update-v2:NEW.md')).toThrow();
  });

  it('refuses branch names that could leave the repository', async () => {
    for (const branchName of ['../../etc', 'a/../../b', '-x', 'a//b'])
      await expect(branch({ branchName })).rejects.toThrow(
        `branchName: "${branchName}" is not a valid branch name`,
      );
  });

  it('locates the default branch and a branch, {version} kept for the merge action', async () => {
    const ctx = createMockActionContext({
      input: { repoUrl, branch: 'agentdeck/template-v{version}' },
      workspacePath,
    });
    await createLocateLocalRepoAction({ config }).handler(ctx);
    const out = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(out.repoContentsUrl).toBe(
      `file://${root}/checkouts/acme/faq-agent/`,
    );
    expect(out.branchContentsUrl).toBe(
      `file://${root}/checkouts/acme/.branches/faq-agent/agentdeck--template-v{version}/`,
    );
    await expect(
      createLocateLocalRepoAction({ config }).handler(
        createMockActionContext({
          input: { repoUrl: 'github.com?owner=acme&repo=none', branch: 'x' },
          workspacePath,
        }),
      ),
    ).rejects.toThrow('No local repository acme/none');
  });
});
