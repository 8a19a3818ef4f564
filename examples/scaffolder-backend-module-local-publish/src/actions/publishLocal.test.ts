import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

const exec = promisify(execFile);

describe('agentdeck:publish:local', () => {
  let root: string;
  let workspacePath: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'agentdeck-repos-'));
    workspacePath = await mkdtemp(join(tmpdir(), 'agentdeck-ws-'));
    await writeFile(join(workspacePath, 'catalog-info.yaml'), 'kind: Agent\n');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(workspacePath, { recursive: true, force: true });
  });
  const action = () =>
    createPublishLocalAction({
      config: new ConfigReader({
        agentdeck: { localPublish: { directory: root } },
      }),
    });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_, example) => {
      const input = parse(example).steps[0].input;
      const ctx = createMockActionContext({ input, workspacePath });
      await action().handler(ctx);
      const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(outputs.remoteUrl).toBe(
        `file://${root}/bare/acme/billing-agent.git`,
      );
      expect(fileURLToPath(outputs.catalogInfoUrl)).toBe(
        join(root, 'checkouts/acme/billing-agent/catalog-info.yaml'),
      );
      const { stdout } = await exec('git', [
        '--git-dir',
        fileURLToPath(outputs.remoteUrl),
        'show',
        'main:catalog-info.yaml',
      ]);
      expect(stdout).toBe('kind: Agent\n');
      expect(outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
    },
  );

  const publish = (repoUrl: string) =>
    action().handler(
      createMockActionContext({ input: { repoUrl }, workspacePath }),
    );

  it('refuses to overwrite an existing repository and leaves it intact', async () => {
    await publish('github.com?owner=acme&repo=billing-agent');
    await writeFile(join(workspacePath, 'catalog-info.yaml'), 'kind: Evil\n');
    await expect(
      publish('github.com?owner=acme&repo=billing-agent'),
    ).rejects.toThrow('acme/billing-agent already exists');
    const dryRun = {
      ...createMockActionContext({
        input: { repoUrl: 'github.com?owner=acme&repo=billing-agent' },
        workspacePath,
      }),
      isDryRun: true,
    };
    await expect(action().handler(dryRun)).rejects.toThrow(
      'acme/billing-agent already exists',
    );
    const { stdout } = await exec('git', [
      '--git-dir',
      join(root, 'bare/acme/billing-agent.git'),
      'show',
      'main:catalog-info.yaml',
    ]);
    expect(stdout).toBe('kind: Agent\n');
    expect(
      await readFile(
        join(root, 'checkouts/acme/billing-agent/catalog-info.yaml'),
        'utf8',
      ),
    ).toBe('kind: Agent\n');
  });

  it('keeps bare repositories and checkouts apart, whatever the names', async () => {
    await publish('github.com?owner=acme&repo=agent');
    expect((await readdir(root)).sort()).toEqual(['bare', 'checkouts']);
    expect(await readdir(join(root, 'bare/acme'))).toEqual(['agent.git']);
    expect(await readdir(join(root, 'checkouts/acme/agent'))).toContain(
      'catalog-info.yaml',
    );
  });

  it.each([
    ['owner=checkouts&repo=acme', 'owner "checkouts" is reserved'],
    ['owner=bare&repo=x', 'owner "bare" is reserved'],
    ['owner=acme&repo=agent.git', 'must not end in .git'],
    ['owner=acme.git&repo=agent', 'must not end in .git'],
  ])('refuses %s', async (query, message) => {
    await expect(publish(`github.com?${query}`)).rejects.toThrow(message);
    expect(await readdir(root)).toEqual([]);
  });

  it('creates nothing in a dry run', async () => {
    // createMockActionContext drops isDryRun, so it is set afterwards.
    const ctx = {
      ...createMockActionContext({
        input: { repoUrl: 'github.com?owner=acme&repo=x' },
        workspacePath,
      }),
      isDryRun: true,
    };
    await action().handler(ctx);
    expect(await readdir(root)).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('commitHash', 'dry-run');
  });

  it('refuses a repository name that could escape the directory', async () => {
    const ctx = createMockActionContext({
      input: { repoUrl: 'github.com?owner=acme&repo=../../etc' },
      workspacePath,
    });
    await expect(action().handler(ctx)).rejects.toThrow('repoUrl: repo');
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses a sourcePath outside the workspace and copies nothing', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'agentdeck-host-'));
    await writeFile(join(outside, 'passwd'), 'root:x:0:0\n');
    try {
      const ctx = createMockActionContext({
        input: {
          repoUrl: 'github.com?owner=acme&repo=leak',
          sourcePath: relative(workspacePath, outside),
        },
        workspacePath,
      });
      await expect(action().handler(ctx)).rejects.toThrow(
        'Relative path is not allowed to refer to a directory outside its parent',
      );
      expect(await readdir(root)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
