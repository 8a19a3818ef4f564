import { ConfigReader } from '@backstage/config';
import { readKubernetesClusters } from './kubernetesClusters';

describe('readKubernetesClusters', () => {
  it('reads the clusters of config locators and ignores other locator types', () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [
              { name: 'eu', url: 'https://127.0.0.1:6443', serviceAccountToken: 't', caData: 'Y2E=' },
              { name: 'us', url: 'https://127.0.0.1:6444', skipTLSVerify: true },
            ],
          },
        ],
      },
    });
    expect(readKubernetesClusters(config)).toEqual([
      { name: 'eu', url: 'https://127.0.0.1:6443', serviceAccountToken: 't', caData: 'Y2E=', skipTLSVerify: false },
      { name: 'us', url: 'https://127.0.0.1:6444', serviceAccountToken: undefined, caData: undefined, skipTLSVerify: true },
    ]);
  });

  it('answers no clusters without a kubernetes section', () => {
    expect(readKubernetesClusters(new ConfigReader({}))).toEqual([]);
  });

  it('names the missing field of a cluster', () => {
    const config = new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'eu' }] }] },
    });
    expect(() => readKubernetesClusters(config)).toThrow(/url/);
  });
});
