import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

  it('refuses files outside the publish directory', async () => {
    await expect(
      reader().readUrl(pathToFileURL(join(outside, 'secret.txt')).href),
    ).rejects.toThrow();
  });
});
