import https from 'node:https';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import {
  agentdeckReaderUser,
  SandboxCluster,
  startSandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { credentialRequestOptions } from './credentials';
import { readKubernetesClusters } from './kubernetesClusters';
import { KubernetesCluster } from './types';

/** One GET the way a backend makes it from a cluster: its CA, its current credential mapped onto the request. */
async function get(cluster: KubernetesCluster, path: string): Promise<number> {
  const auth = credentialRequestOptions(await cluster.getCredential());
  return new Promise((resolve, reject) => {
    https
      .get(
        new URL(path, cluster.url),
        {
          agent: false,
          ca: cluster.ca,
          rejectUnauthorized: !cluster.skipTLSVerify,
          cert: auth.cert,
          key: auth.key,
          headers: { Accept: 'application/json', ...auth.headers },
        },
        res => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      )
      .on('error', reject);
  });
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'agents-node-'));
const pem = (c: SandboxCluster) =>
  Buffer.from(c.caData, 'base64').toString('utf8');

describe('reaching the sandbox the way the Kubernetes plugin is configured', () => {
  let sandbox: SandboxCluster;
  beforeAll(async () => {
    sandbox = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
  });
  afterAll(() => sandbox.stop());

  const one = (cluster: object, options = {}) =>
    readKubernetesClusters(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }],
        },
      }),
      { inClusterPathPrefix: tempDir(), ...options },
    )[0];

  it('trusts the CA of a caFile, in place of caData', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.crt'), pem(sandbox));
    const base = {
      name: 'sandbox-eu',
      url: sandbox.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: sandbox.readerToken,
    };
    expect(
      await get(one({ ...base, caFile: join(dir, 'ca.crt') }), '/api/v1/pods'),
    ).toBe(200);
    // without it the sandbox's own CA is unknown: the same request fails the TLS handshake
    await expect(get(one(base), '/api/v1/pods')).rejects.toThrow(
      /self-signed certificate/,
    );
  });

  it("reads the pod's own service-account token and CA when no token is configured, again as the token rotates", async () => {
    const prefix = tempDir();
    const dir = join(prefix, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'token'), sandbox.readerToken);
    writeFileSync(join(dir, 'ca.crt'), pem(sandbox));
    const cluster = one(
      { name: 'in-cluster', url: sandbox.url, authProvider: 'serviceAccount' },
      { inClusterPathPrefix: prefix },
    );
    expect(cluster.ca).toBe(pem(sandbox));
    expect(await get(cluster, '/api/v1/pods')).toBe(200);
    // the kubelet rewrites the file; a viewer's token may list no pods
    writeFileSync(join(dir, 'token'), sandbox.viewerToken);
    expect(await get(cluster, '/api/v1/pods')).toBe(200);
    cluster.invalidateCredential();
    expect(await get(cluster, '/api/v1/pods')).toBe(403);
  });

  it('authenticates with an x509 client certificate a strategy hands out', async () => {
    const tls = sandbox.clientCertificate(agentdeckReaderUser);
    const clientCert: AuthenticationStrategy = {
      getCredential: async () => ({ type: 'x509 client certificate', ...tls }),
      validateCluster: () => [],
      presentAuthMetadata: () => ({}),
    };
    const cluster = one(
      {
        name: 'cert',
        url: sandbox.url,
        authProvider: 'clientCert',
        caData: sandbox.caData,
      },
      { authStrategies: new Map([['clientCert', clientCert]]) },
    );
    expect(await get(cluster, '/api/v1/pods')).toBe(200);
    expect(await get(cluster, '/api/v1/secrets')).toBe(403);
  });
});
