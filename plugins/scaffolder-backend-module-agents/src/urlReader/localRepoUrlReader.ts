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
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { localPublishDirectory } from '../actions/publishLocal';

/**
 * Reads `file:` URLs below the local publish directory, so that `catalog:register` (which only
 * registers `url` locations) and TechDocs (`dir:.`) work for repositories from
 * `agentdeck:publish:local`. Nothing outside that directory is readable.
 * @public
 */
export class LocalRepoUrlReader implements UrlReaderService {
  constructor(
    private readonly root: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  private toPath(url: string): string {
    const path = fileURLToPath(url);
    if (!isChildPath(this.root, path))
      throw new NotAllowedError(`Not a local AgentDeck repository: ${url}`);
    return path;
  }

  async readUrl(url: string): Promise<UrlReaderServiceReadUrlResponse> {
    const path = this.toPath(url);
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
    const dir = this.toPath(url);
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
    const path = this.toPath(url);
    const exists = await stat(path).then(
      s => s.isFile(),
      () => false,
    );
    return {
      etag: '',
      files: exists
        ? [
            {
              url,
              content: () => readFile(path),
              lastModifiedAt: (await stat(path)).mtime,
            },
          ]
        : [],
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
  const root = localPublishDirectory(config);
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
