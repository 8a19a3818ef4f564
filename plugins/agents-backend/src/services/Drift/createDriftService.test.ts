import {
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  parseAgentSpec,
  renderEnvironmentObjects,
  renderManifestFiles,
} from '@agentdeck/plugin-scaffolder-backend-module-agents';
import { agent } from '../../__testUtils__/entities';
import { stripDeployment } from '../ClusterCache/stripWorkloads';
import { stripHpa } from '../ClusterCache/stripAutoscalers';
import type { ClusterSnapshot } from '../ClusterCache';
import { DRIFT_SPECS } from './__testUtils__/specs';
import { createDriftService, repositoryUrl } from './createDriftService';

/** A UrlReader over file: URLs with mtime ETags, as an SCM reader answers: NotModified when the ETag still holds. */
function fileReader() {
  const calls: Array<{ url: string; etag?: string; answer: string }> = [];
  const reader: Pick<UrlReaderService, 'readUrl'> = {
    async readUrl(url, options) {
      const path = fileURLToPath(url);
      const info = await stat(path).catch(() => undefined);
      if (!info) {
        calls.push({ url, etag: options?.etag, answer: 'missing' });
        throw new NotFoundError(`${url} does not exist`);
      }
      const etag = String(info.mtimeMs);
      if (options?.etag === etag) {
        calls.push({ url, etag: options.etag, answer: 'not modified' });
        throw new NotModifiedError();
      }
      calls.push({ url, etag: options?.etag, answer: 'read' });
      const buffer = await readFile(path);
      return {
        buffer: async () => buffer,
        stream: () => undefined as any,
        etag,
      };
    },
  };
  return { reader, calls };
}

describe('createDriftService', () => {
  const spec = parseAgentSpec(DRIFT_SPECS.hpa);
  let dir: string;
  let root: string;
  const entity = () => {
    const e = agent('billing-agent');
    e.metadata.annotations!['backstage.io/source-location'] = `url:${root}`;
    return e;
  };
  const snapshot = (): ClusterSnapshot => {
    const objects = renderEnvironmentObjects(spec, 'dev') as any[];
    return {
      cluster: 'eu',
      pods: [],
      events: [],
      scaledObjects: [],
      deployments: objects
        .filter(o => o.kind === 'Deployment')
        .map(o => stripDeployment(o)),
      hpas: objects
        .filter(o => o.kind === 'HorizontalPodAutoscaler')
        .map(o => stripHpa(o)),
    };
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdeck-drift-service-'));
    for (const [path, content] of Object.entries(renderManifestFiles(spec))) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    root = `${pathToFileURL(dir).toString()}/`;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads the repository once per TTL, then asks again with the ETag', async () => {
    const { reader, calls } = fileReader();
    let clock = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
    try {
      const service = createDriftService({
        cache: { snapshots: () => [snapshot()] },
        reader,
        logger: mockServices.logger.mock(),
        readTtlMs: 60_000,
      });
      const first = await Promise.all([
        service.getDrift(entity()),
        service.getDrift(entity()),
      ]);
      expect(first[0]).toEqual(first[1]);
      expect(first[0].environments).toMatchObject([
        { environment: 'dev', differences: [], missing: [] },
      ]);
      // the overlay and the base: one read each, however many page views
      const files = calls.length;
      expect(calls.every(c => c.answer === 'read')).toBe(true);
      expect(new Set(calls.map(c => c.url)).size).toBe(files);
      expect(files).toBeGreaterThan(2);
      await service.getDrift(entity());
      expect(calls).toHaveLength(files);

      clock = 61_000;
      await service.getDrift(entity());
      expect(calls.slice(files).map(c => c.answer)).toEqual(
        Array(files).fill('not modified'),
      );
      expect(calls.slice(files).every(c => c.etag)).toBe(true);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('finds the repository by its source location, else beside its catalog file', () => {
    const e = agent('x');
    const set = (key: string, value: string | undefined) => {
      if (value === undefined) delete e.metadata.annotations![key];
      else e.metadata.annotations![key] = value;
    };
    expect(repositoryUrl(e)).toBeUndefined();
    set(
      'backstage.io/managed-by-location',
      'url:file:///srv/repos/checkouts/e2e/x/catalog-info.yaml',
    );
    expect(repositoryUrl(e)).toBe('file:///srv/repos/checkouts/e2e/x/');
    set(
      'backstage.io/source-location',
      'url:https://github.com/acme/x/tree/main',
    );
    expect(repositoryUrl(e)).toBe('https://github.com/acme/x/tree/main/');
    set('backstage.io/source-location', undefined);
    set('backstage.io/managed-by-location', 'file:/srv/x/catalog-info.yaml');
    expect(repositoryUrl(e)).toBeUndefined();
  });
});
