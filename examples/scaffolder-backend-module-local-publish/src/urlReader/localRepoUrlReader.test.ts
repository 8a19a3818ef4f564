import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { localRepoReaderFactory } from './localRepoUrlReader';

describe('local repository UrlReader', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'agentdeck-repos-'));
    outside = await mkdtemp(join(tmpdir(), 'agentdeck-outside-'));
    await mkdir(join(root, 'checkouts/acme/agent/docs'), { recursive: true });
    await writeFile(
      join(root, 'checkouts/acme/agent/catalog-info.yaml'),
      'kind: Agent\n',
    );
    await writeFile(
      join(root, 'checkouts/acme/agent/docs/index.md'),
      '# Agent\n',
    );
    await writeFile(join(outside, 'secret.txt'), 'no');
    await mkdir(join(root, 'bare/acme/agent.git/hooks'), { recursive: true });
    await writeFile(join(root, 'bare/acme/agent.git/config'), '[core]\n');
    await mkdir(join(root, 'checkouts/acme/agent/.git'), { recursive: true });
    await writeFile(join(root, 'checkouts/acme/agent/.git/config'), '[core]\n');
    // A published workspace may carry symlinks; they must not lead out of the root.
    await mkdir(join(root, 'checkouts/acme/linked'), { recursive: true });
    await symlink(
      join(outside, 'secret.txt'),
      join(root, 'checkouts/acme/linked/catalog-info.yaml'),
    );
    await symlink(outside, join(root, 'checkouts/acme/linked/docs'));
    await symlink(outside, join(root, 'checkouts/acme/outside-repo'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });
  const reader = () =>
    UrlReaders.default({
      config: mockServices.rootConfig({
        data: { agentdeck: { localPublish: { directory: root } } },
      }),
      logger: mockServices.logger.mock(),
      factories: [localRepoReaderFactory],
    });

  it('reads catalog-info.yaml by file URL, as catalog:register does', async () => {
    const res = await reader().readUrl(
      pathToFileURL(join(root, 'checkouts/acme/agent/catalog-info.yaml')).href,
    );
    expect((await res.buffer()).toString()).toBe('kind: Agent\n');
  });

  it('reads the repository tree, as TechDocs dir:. does', async () => {
    const tree = await reader().readTree(
      pathToFileURL(join(root, 'checkouts/acme/agent')).href,
    );
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual([
      'catalog-info.yaml',
      'docs/index.md',
    ]);
  });

  it('refuses a symlink that leads out of the publish directory', async () => {
    const url = pathToFileURL(
      join(root, 'checkouts/acme/linked/catalog-info.yaml'),
    ).href;
    await expect(reader().readUrl(url)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(reader().search(url)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
  });

  it('refuses a tree whose directory is a symlink out of the publish directory', async () => {
    await expect(
      reader().readTree(
        pathToFileURL(join(root, 'checkouts/acme/outside-repo')).href,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('leaves symlinked files and directories out of a tree', async () => {
    const tree = await reader().readTree(
      pathToFileURL(join(root, 'checkouts/acme/linked')).href,
    );
    expect(await tree.files()).toEqual([]);
  });

  it('finds a file by search, and nothing for a missing one', async () => {
    const found = await reader().search(
      pathToFileURL(join(root, 'checkouts/acme/agent/catalog-info.yaml')).href,
    );
    expect(found.files.length).toBe(1);
    expect((await found.files[0].content()).toString()).toBe('kind: Agent\n');
    const missing = await reader().search(
      pathToFileURL(join(root, 'checkouts/acme/none/catalog-info.yaml')).href,
    );
    expect(missing.files).toEqual([]);
  });

  it.each(['bare/acme/agent.git/config', 'checkouts/acme/agent/.git/config'])(
    'refuses Git metadata: %s',
    async path => {
      await expect(
        reader().readUrl(pathToFileURL(join(root, path)).href),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    },
  );

  it('refuses files outside the publish directory', async () => {
    await expect(
      reader().readUrl(pathToFileURL(join(outside, 'secret.txt')).href),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});
