import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  SandboxCluster,
  startSandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { KubernetesCredential } from '@agentdeck/plugin-agents-node';
import { CacheTiming } from './types';
import { createClusterCache } from './createClusterCache';
import { createKubeClient, KubeRequestError } from './kubeClient';
import { readClusters } from './readClusters';
import { ClusterConfig } from './types';
import { waitFor } from './__testUtils__/waitFor';

const timing: CacheTiming = {
  requestTimeoutMs: 2000,
  watchTimeoutSeconds: 60,
  backoffMinMs: 20,
  backoffMaxMs: 100,
  maxListBytes: 10 * 1024 * 1024,
  absentRetryMs: 60000,
  silenceMs: 60000,
};
const pem = (c: SandboxCluster) =>
  Buffer.from(c.caData, 'base64').toString('utf8');
const bearer = (token: string): KubernetesCredential => ({
  type: 'bearer token',
  token,
});

describe('how the watch cache reaches a cluster', () => {
  let sandbox: SandboxCluster;
  beforeAll(async () => {
    sandbox = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
  });
  afterAll(() => sandbox.stop());

  it("watches a serviceAccount cluster without a token with the pod's own token and CA", async () => {
    const prefix = mkdtempSync(join(tmpdir(), 'pod-'));
    const dir = join(prefix, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'token'), sandbox.readerToken);
    writeFileSync(join(dir, 'ca.crt'), pem(sandbox));
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'in-cluster',
                url: sandbox.url,
                authProvider: 'serviceAccount',
              },
            ],
          },
        ],
      },
    });
    const cache = createClusterCache({
      clusters: readClusters(config, { inClusterPathPrefix: prefix }),
      timing,
      logger: mockServices.logger.mock(),
    });
    cache.start();
    try {
      const snap = await waitFor(() => {
        const s = cache.snapshot('in-cluster');
        return s && s.syncedAt && !s.error && s.pods.length > 0 ? s : undefined;
      }, 'in-cluster sync');
      expect(snap.pods.length).toBeGreaterThan(0);
    } finally {
      await cache.stop();
    }
  });

  it('asks for a new credential after a 401 and uses it on the next request', async () => {
    let token = 'expired-token';
    const cluster: ClusterConfig = {
      name: 'c',
      url: sandbox.url,
      caData: pem(sandbox),
      skipTLSVerify: false,
      credential: jest.fn(async () => bearer(token)),
      invalidateCredential: jest.fn(() => {
        token = sandbox.readerToken;
      }),
    };
    const client = createKubeClient(cluster);
    try {
      const opts = { timeoutMs: 2000, maxBytes: 10 * 1024 * 1024 };
      expect((await client.get('/api/v1/pods', opts)).status).toBe(401);
      expect(cluster.invalidateCredential).toHaveBeenCalledTimes(1);
      expect((await client.get('/api/v1/pods', opts)).status).toBe(200);
      expect(cluster.credential).toHaveBeenCalledTimes(2);
      expect(cluster.invalidateCredential).toHaveBeenCalledTimes(1);
    } finally {
      client.close();
    }
  });

  it('reports a strategy that gives no credential as unauthorized', async () => {
    const client = createKubeClient({
      name: 'c',
      url: sandbox.url,
      caData: pem(sandbox),
      skipTLSVerify: false,
      credential: async () => {
        throw new Error('Unable to fetch Azure token');
      },
    });
    const get = client.get('/api/v1/pods', { timeoutMs: 2000, maxBytes: 1024 });
    await expect(get).rejects.toThrow(KubeRequestError);
    await expect(get).rejects.toMatchObject({
      kind: 'unauthorized',
      message: 'no credential for cluster c: Unable to fetch Azure token',
    });
    client.close();
  });

  it('watches the clusters its source adds, restarts changed ones and stops dropped ones', async () => {
    let listed: ClusterConfig[] = [];
    const base = {
      name: 'catalogued',
      url: sandbox.url,
      caData: pem(sandbox),
      skipTLSVerify: false,
    };
    const cache = createClusterCache({
      clusters: [],
      source: { getClusters: async () => listed, refreshIntervalMs: 30 },
      timing,
      logger: mockServices.logger.mock(),
    });
    cache.start();
    try {
      expect(cache.clusterNames()).toEqual([]);
      listed = [{ ...base, key: 'viewer', token: sandbox.viewerToken }];
      await waitFor(
        () => cache.snapshot('catalogued')?.error?.kind === 'forbidden',
        'the viewer refused',
      );
      // the same name reached another way: watched afresh with the new credential
      listed = [{ ...base, key: 'reader', token: sandbox.readerToken }];
      await waitFor(() => {
        const s = cache.snapshot('catalogued');
        return s?.syncedAt && !s.error && s.pods.length > 0;
      }, 'the reader synced');
      listed = [];
      await waitFor(
        () => cache.clusterNames().length === 0,
        'the cluster dropped',
      );
      expect(cache.snapshot('catalogued')).toBeUndefined();
    } finally {
      await cache.stop();
    }
  });
});
