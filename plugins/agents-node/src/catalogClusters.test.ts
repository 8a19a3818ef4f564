import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createKubernetesClusterSupplier } from './kubernetesClusters';

const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
).toString('base64');

function clusterResource(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: `${name} title`,
      annotations: {
        'kubernetes.io/api-server': 'https://8.8.8.8',
        'kubernetes.io/api-server-certificate-authority': CA,
        'kubernetes.io/auth-provider': 'anonymous',
        ...annotations,
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  };
}

/** A catalog whose entities a test can change between reads. */
function changingCatalog(initial: Entity[]) {
  const state = { entities: initial, fail: false };
  const catalog = {
    getEntities: (req, opts) => {
      if (state.fail) return Promise.reject(new Error('catalog unavailable'));
      return catalogServiceMock({ entities: state.entities }).getEntities(
        req,
        opts,
      );
    },
  } as Pick<CatalogService, 'getEntities'> as CatalogService;
  return { catalog, state };
}

function supplier(
  catalog: CatalogService,
  locator: object = {},
  extra: object[] = [],
  refreshIntervalMs = 60_000,
) {
  const logger = mockServices.logger.mock();
  const s = createKubernetesClusterSupplier({
    config: new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [...extra, { type: 'catalog', ...locator }],
      },
    }),
    logger,
    catalog,
    auth: mockServices.auth(),
    refreshIntervalMs,
  });
  return { s, logger };
}

const warnings = (logger: ReturnType<typeof mockServices.logger.mock>) =>
  (logger.warn as jest.Mock).mock.calls.map(c => c[0]);

describe('catalog-located clusters', () => {
  it('reads Resource entities of spec.type kubernetes-cluster as the Kubernetes plugin does', async () => {
    const { catalog } = changingCatalog([
      clusterResource('prod-eu', {
        'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/r',
        'kubernetes.io/skip-tls-verify': 'true',
        'kubernetes.io/skip-metrics-lookup': 'true',
        serviceAccountToken: 'never-read',
      }),
      { ...clusterResource('not-a-cluster', {}), spec: { type: 'database' } },
    ]);
    const { s } = supplier(catalog);
    expect(s.refreshIntervalMs).toBe(60_000);
    const [eu, ...rest] = await s.getClusters();
    expect(rest).toEqual([]);
    expect(eu).toMatchObject({
      name: 'prod-eu',
      title: 'prod-eu title',
      url: 'https://8.8.8.8',
      ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      // only with dangerouslyAllowSkipTLSVerify
      skipTLSVerify: false,
      skipMetricsLookup: true,
      authProvider: 'anonymous',
      source: 'resource:default/prod-eu',
    });
    expect(eu.details.authMetadata).not.toHaveProperty('serviceAccountToken');
    expect(eu.details.authMetadata['kubernetes.io/aws-assume-role']).toBe(
      'arn:aws:iam::1:role/r',
    );
    await expect(eu.getCredential()).resolves.toEqual({ type: 'anonymous' });
  });

  it('skips TLS verification only when the locator dangerously allows it', async () => {
    const { catalog } = changingCatalog([
      clusterResource('c', { 'kubernetes.io/skip-tls-verify': 'true' }),
    ]);
    const [c] = await supplier(catalog, {
      dangerouslyAllowSkipTLSVerify: true,
    }).s.getClusters();
    expect(c.skipTLSVerify).toBe(true);
  });

  it('says once why each entity it cannot use is not watched', async () => {
    const { catalog } = changingCatalog([
      clusterResource('sa', {
        'kubernetes.io/auth-provider': 'serviceAccount',
      }),
      clusterResource('viewer', { 'kubernetes.io/auth-provider': 'oidc' }),
      clusterResource('no-ca', {
        'kubernetes.io/api-server-certificate-authority': '',
      }),
      clusterResource('loopback', {
        'kubernetes.io/api-server': 'https://127.0.0.1:6443',
      }),
      clusterResource('by-name', {
        'kubernetes.io/api-server': 'https://localhost:6443',
      }),
      clusterResource('plain', {
        'kubernetes.io/api-server': 'http://8.8.8.8',
      }),
      clusterResource('taken', {}),
    ]);
    const { s, logger } = supplier(
      catalog,
      {},
      [
        {
          type: 'config',
          clusters: [
            { name: 'taken', url: 'https://h', authProvider: 'anonymous' },
          ],
        },
      ],
      0,
    );
    // read twice: each entity is named once
    for (let read = 0; read < 2; read++)
      expect((await s.getClusters()).map(c => c.source)).toEqual([
        'kubernetes.clusterLocatorMethods[0].clusters[0]',
      ]);
    const where = 'kubernetes.clusterLocatorMethods[1]';
    expect(warnings(logger)).toEqual([
      `${where}: resource:default/sa is not watched: kubernetes.io/auth-provider "serviceAccount" is not allowed for catalog clusters: it would send Backstage's own token to a URL whoever registers the entity chooses (as in the Kubernetes plugin)`,
      `${where}: resource:default/viewer is not watched: kubernetes.io/auth-provider: authProvider "oidc" needs the signed-in user's token; AgentDeck's background watches cannot use it — use serviceAccount`,
      `${where}: resource:default/no-ca is not watched: annotation kubernetes.io/api-server-certificate-authority is missing`,
      `${where}: resource:default/loopback is not watched: kubernetes.io/api-server: "127.0.0.1" is a non-public address (127.0.0.1) (list "127.0.0.1" in dangerouslyAllowClusterUrls to allow it)`,
      `${where}: resource:default/by-name is not watched: kubernetes.io/api-server: "localhost" is a non-public address (127.0.0.1) (list "localhost" in dangerouslyAllowClusterUrls to allow it)`,
      `${where}: resource:default/plain is not watched: kubernetes.io/api-server: it is not HTTPS (list "8.8.8.8" in dangerouslyAllowClusterUrls to allow it)`,
      `${where}: resource:default/taken is not watched: the cluster name "taken" is already taken by kubernetes.clusterLocatorMethods[0].clusters[0]`,
    ]);
  });

  it('calls a host the locator allows in dangerouslyAllowClusterUrls', async () => {
    const { catalog } = changingCatalog([
      clusterResource('local', {
        'kubernetes.io/api-server': 'http://127.0.0.1:6443',
      }),
    ]);
    const [c] = await supplier(catalog, {
      dangerouslyAllowClusterUrls: ['127.0.0.1'],
    }).s.getClusters();
    expect(c.url).toBe('http://127.0.0.1:6443');
  });

  it('re-reads the catalog once the refresh interval passed, keeping an unchanged cluster as it was', async () => {
    jest.useFakeTimers({
      doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'],
    });
    try {
      const { catalog, state } = changingCatalog([clusterResource('a', {})]);
      const { s, logger } = supplier(catalog);
      const [a] = await s.getClusters();
      state.entities = [clusterResource('a', {}), clusterResource('b', {})];
      expect((await s.getClusters()).map(c => c.name)).toEqual(['a']);
      jest.setSystemTime(Date.now() + 60_000);
      const next = await s.getClusters();
      expect(next.map(c => c.name)).toEqual(['a', 'b']);
      expect(next[0]).toBe(a);

      state.fail = true;
      jest.setSystemTime(Date.now() + 60_000);
      expect((await s.getClusters()).map(c => c.name)).toEqual(['a', 'b']);
      expect(warnings(logger)).toEqual([
        'kubernetes.clusterLocatorMethods[0]: the catalog could not be read, keeping the clusters it listed before: catalog unavailable',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('needs the catalog service for a catalog locator', () => {
    expect(() =>
      createKubernetesClusterSupplier({
        config: new ConfigReader({
          kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
        }),
        logger: mockServices.logger.mock(),
      }),
    ).toThrow(
      'kubernetes.clusterLocatorMethods[0]: type "catalog" needs the catalog service, which this plugin was not given',
    );
  });
});
