import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import {
  readKubernetesClusterList,
  readKubernetesClusters,
} from './kubernetesClusters';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const noPod = () => mkdtempSync(join(tmpdir(), 'no-pod-'));
const kubernetes = (...clusterLocatorMethods: object[]) =>
  new ConfigReader({ kubernetes: { clusterLocatorMethods } });
const read = (config: ConfigReader) =>
  readKubernetesClusters(config, { inClusterPathPrefix: noPod() });

describe('readKubernetesClusters', () => {
  it('reads every field the Kubernetes plugin reads from a config cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-'));
    writeFileSync(join(dir, 'ca.crt'), PEM);
    const [eu, us, aws] = read(
      kubernetes({
        type: 'config',
        clusters: [
          {
            name: 'eu',
            title: 'Production EU',
            url: 'https://127.0.0.1:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: 't',
            caData: Buffer.from(PEM).toString('base64'),
            skipMetricsLookup: true,
          },
          {
            name: 'us',
            url: 'https://127.0.0.1:6444',
            authMetadata: {
              'kubernetes.io/auth-provider': 'serviceAccount',
              serviceAccountToken: 'u',
            },
            caFile: join(dir, 'ca.crt'),
            skipTLSVerify: true,
          },
          {
            name: 'eks',
            url: 'https://eks.example.com',
            authProvider: 'aws',
            assumeRole: 'arn:r',
            externalId: 'x',
          },
        ],
      }),
    );
    expect(eu).toMatchObject({
      name: 'eu',
      title: 'Production EU',
      url: 'https://127.0.0.1:6443',
      ca: PEM,
      skipTLSVerify: false,
      skipMetricsLookup: true,
      authProvider: 'serviceAccount',
      source: 'kubernetes.clusterLocatorMethods[0].clusters[0]',
      details: {
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 't',
        },
      },
    });
    expect(us).toMatchObject({
      ca: PEM,
      skipTLSVerify: true,
      details: { caFile: join(dir, 'ca.crt') },
    });
    expect(aws.details.authMetadata).toEqual({
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/aws-assume-role': 'arn:r',
      'kubernetes.io/aws-external-id': 'x',
    });
    expect(eu.key).not.toBe(us.key);
  });

  it('asks the strategy for the credential: a configured token', async () => {
    const [c] = read(
      kubernetes({
        type: 'config',
        clusters: [
          {
            name: 'eu',
            url: 'https://h',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'tok',
          },
        ],
      }),
    );
    await expect(c.getCredential()).resolves.toEqual({
      type: 'bearer token',
      token: 'tok',
    });
  });

  it('answers no clusters without a kubernetes section', () => {
    expect(read(new ConfigReader({}))).toEqual([]);
  });

  it('refuses oidc at startup naming the cluster and the field', () => {
    const config = kubernetes({
      type: 'config',
      clusters: [
        {
          name: 'ok',
          url: 'https://h',
          authProvider: 'serviceAccount',
          serviceAccountToken: 't',
        },
        {
          name: 'prod-eu',
          url: 'https://h',
          authProvider: 'oidc',
          oidcTokenProvider: 'okta',
        },
      ],
    });
    expect(() => read(config)).toThrow(
      `kubernetes.clusterLocatorMethods[0].clusters[1] (prod-eu): authProvider "oidc" needs the signed-in user's token; AgentDeck's background watches cannot use it — use serviceAccount`,
    );
  });

  it.each([
    ['google', 'googleServiceAccount'],
    ['aks', 'azure'],
  ])(
    'refuses %s, which needs the viewer, and names what to use instead',
    (provider, instead) => {
      const config = kubernetes({
        type: 'config',
        clusters: [{ name: 'c', url: 'https://h', authProvider: provider }],
      });
      expect(() => read(config)).toThrow(
        `(c): authProvider "${provider}" needs the signed-in user's token; AgentDeck's background watches cannot use it — use ${instead}`,
      );
    },
  );

  it('refuses an unknown authProvider, listing the known ones', () => {
    const config = kubernetes({
      type: 'config',
      clusters: [{ name: 'c', url: 'https://h', authProvider: 'pinniped' }],
    });
    expect(() => read(config)).toThrow(
      'kubernetes.clusterLocatorMethods[0].clusters[0] (c): authProvider "pinniped" is not one AgentDeck knows (known: anonymous, aws, azure, googleServiceAccount, localKubectlProxy, serviceAccount)',
    );
  });

  it('takes a strategy registered for a custom authProvider', async () => {
    const pinniped: AuthenticationStrategy = {
      getCredential: async () => ({
        type: 'x509 client certificate',
        cert: 'C',
        key: 'K',
      }),
      validateCluster: () => [],
      presentAuthMetadata: () => ({}),
    };
    const [c] = readKubernetesClusters(
      kubernetes({
        type: 'config',
        clusters: [{ name: 'c', url: 'https://h', authProvider: 'pinniped' }],
      }),
      { authStrategies: new Map([['pinniped', pinniped]]) },
    );
    await expect(c.getCredential()).resolves.toEqual({
      type: 'x509 client certificate',
      cert: 'C',
      key: 'K',
    });
  });

  it('refuses a cluster without authProvider, as the Kubernetes plugin does', () => {
    expect(() =>
      read(
        kubernetes({
          type: 'config',
          clusters: [{ name: 'c', url: 'https://h' }],
        }),
      ),
    ).toThrow('(c): authProvider is missing');
  });

  it('refuses a caFile it cannot read, naming it', () => {
    const config = kubernetes({
      type: 'config',
      clusters: [
        {
          name: 'c',
          url: 'https://h',
          authProvider: 'anonymous',
          caFile: '/nonexistent/ca.crt',
        },
      ],
    });
    expect(() => read(config)).toThrow(
      '(c): caFile "/nonexistent/ca.crt" cannot be read (ENOENT)',
    );
  });

  it('refuses a serviceAccount cluster without a token outside a pod', () => {
    const config = kubernetes({
      type: 'config',
      clusters: [
        { name: 'c', url: 'https://h', authProvider: 'serviceAccount' },
      ],
    });
    expect(() => read(config)).toThrow(
      /\(c\): serviceAccountToken is missing and there is no token of Backstage's own pod at .*\/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/token/,
    );
  });

  it('refuses the gke locator, naming it and what to use instead', () => {
    expect(() =>
      read(
        kubernetes(
          { type: 'config', clusters: [] },
          { type: 'gke', projectId: 'p' },
        ),
      ),
    ).toThrow(
      'kubernetes.clusterLocatorMethods[1]: type "gke" is not supported by AgentDeck: it lists clusters through Google\'s container API, which AgentDeck cannot test; list the GKE clusters under a type: config locator (url, caData, authProvider: googleServiceAccount) or as catalog Resources of spec.type kubernetes-cluster',
    );
  });

  it('refuses unknown locator types and duplicate names, all problems at once', () => {
    const config = kubernetes(
      {
        type: 'config',
        clusters: [{ name: 'a', url: 'https://h', authProvider: 'anonymous' }],
      },
      { type: 'magic' },
      {
        type: 'config',
        clusters: [{ name: 'a', url: 'https://i', authProvider: 'anonymous' }],
      },
    );
    expect(() => read(config)).toThrow(
      [
        'kubernetes.clusterLocatorMethods[1]: type "magic" is not a cluster locator AgentDeck knows (config, catalog, localKubectlProxy)',
        'kubernetes.clusterLocatorMethods[2].clusters[0] (a): the name is already taken by kubernetes.clusterLocatorMethods[0].clusters[0]',
      ].join('\n'),
    );
  });

  it('reads localKubectlProxy as the Kubernetes plugin does: one anonymous cluster on port 8001', async () => {
    const [local] = read(kubernetes({ type: 'localKubectlProxy' }));
    expect(local).toMatchObject({
      name: 'local',
      url: 'http://localhost:8001',
      authProvider: 'localKubectlProxy',
    });
    await expect(local.getCredential()).resolves.toEqual({ type: 'anonymous' });
  });
});

describe('readKubernetesClusterList', () => {
  it('reads a list elsewhere in config with the same fields, defaulting authProvider', async () => {
    const config = new ConfigReader({
      agentdeck: {
        kubernetesApply: {
          clusters: [
            { name: 'eu', url: 'https://h', serviceAccountToken: 'w' },
          ],
        },
      },
    });
    const [eu] = readKubernetesClusterList(
      config,
      'agentdeck.kubernetesApply.clusters',
      {
        defaultAuthProvider: 'serviceAccount',
      },
    );
    expect(eu).toMatchObject({
      name: 'eu',
      authProvider: 'serviceAccount',
      source: 'agentdeck.kubernetesApply.clusters[0]',
    });
    await expect(eu.getCredential()).resolves.toEqual({
      type: 'bearer token',
      token: 'w',
    });
  });
});
