import {
  createServiceFactory,
  isChildPath,
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  ReadTreeResponseFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { createReadStream } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { localPublishLayout } from '../actions/localRepos';

/**
 * Reads `file:` URLs below the local publish directory's checkouts, so that `catalog:register` (which only
 * registers `url` locations) and TechDocs (`dir:.`) work for repositories from
 * `agentdeck:publish:local`. Nothing outside that directory is readable.
 * @public
 */
export class LocalRepoUrlReader implements UrlReaderService {
  constructor(
    private readonly root: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  /**
   * A published workspace may contain a catalog-info.yaml that links to /etc/passwd, so real
   * paths are compared here rather than relying on how isChildPath treats links, and the real
   * path is what gets read: a link swapped after the check is not followed.
   */
  private async toPath(url: string): Promise<string> {
    const path = fileURLToPath(url);
    const refuse = () =>
      new NotAllowedError(`Not a local AgentDeck repository: ${url}`);
    // Git metadata (config, hooks) is no repository content.
    if (!isChildPath(this.root, path) || path.split(sep).includes('.git'))
      throw refuse();
    const [realRoot, real] = await Promise.all([
      realpath(this.root),
      realpath(path).catch(() => {
        throw new NotFoundError(`${url} does not exist`);
      }),
    ]);
    if (!isChildPath(realRoot, real)) throw refuse();
    return real;
  }

  async readUrl(url: string): Promise<UrlReaderServiceReadUrlResponse> {
    const path = await this.toPath(url);
    const buffer = await readFile(path).catch(() => {
      throw new NotFoundError(`${url} does not exist`);
    });
    return {
      buffer: async () => buffer,
      stream: () => Readable.from(buffer),
      lastModifiedAt: (await stat(path)).mtime,
    };
  }

  async readTree(url: string): Promise<UrlReaderServiceReadTreeResponse> {
    const dir = await this.toPath(url);
    // Dirents of symlinks are not files, so links inside the tree are left out, not followed.
    const entries = await readdir(dir, {
      recursive: true,
      withFileTypes: true,
    });
    const files = entries
      .filter(e => e.isFile())
      .map(e => join(e.parentPath, e.name))
      .filter(p => !relative(dir, p).split('/').includes('.git'));
    return this.treeResponseFactory.fromReadableArray(
      files.map(p => ({ data: createReadStream(p), path: relative(dir, p) })),
    );
  }

  async search(url: string): Promise<UrlReaderServiceSearchResponse> {
    const path = await this.toPath(url).catch(error => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    const stats = path ? await stat(path) : undefined;
    if (!path || !stats?.isFile()) return { etag: '', files: [] };
    return {
      etag: '',
      files: [
        { url, content: () => readFile(path), lastModifiedAt: stats.mtime },
      ],
    };
  }

  toString() {
    return `agentdeck-local{root=${this.root}}`;
  }
}

/** ReaderFactory for the local publish directory. @public */
export const localRepoReaderFactory: ReaderFactory = ({
  config,
  treeResponseFactory,
}) => {
  const root = localPublishLayout(config).checkouts;
  const reader = new LocalRepoUrlReader(root, treeResponseFactory);
  return [
    {
      reader,
      predicate: (url: URL) =>
        url.protocol === 'file:' && isChildPath(root, fileURLToPath(url)),
    },
  ];
};

/** Adds the local repository reader to the backend's UrlReader: `backend.add(...)`. @public */
export const localRepoUrlReaderServiceFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return localRepoReaderFactory;
  },
});
