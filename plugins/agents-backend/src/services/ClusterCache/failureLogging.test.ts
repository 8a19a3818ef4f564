import { mockServices } from '@backstage/backend-test-utils';
import {
  PolicyRule,
  SandboxCluster,
  startSandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { createClusterCache } from './createClusterCache';
import { CacheTiming } from './types';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(30000);

const timing: CacheTiming = {
  requestTimeoutMs: 1000,
  watchTimeoutSeconds: 60,
  backoffMinMs: 20,
  backoffMaxMs: 100,
  maxListBytes: 10 * 1024 * 1024,
  absentRetryMs: 100,
  silenceMs: 60000,
};
const read = ['get', 'list', 'watch'];
/** Everything AgentDeck lists except pods. */
const noPods: PolicyRule[] = [
  { apiGroups: ['apps'], resources: ['deployments'], verbs: read },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: read,
  },
  { apiGroups: ['keda.sh'], resources: ['scaledobjects'], verbs: read },
  { apiGroups: [''], resources: ['events'], verbs: read },
];

describe('list+watch failures in the log', () => {
  let sandbox: SandboxCluster;
  let cache: ReturnType<typeof createClusterCache> | undefined;
  const logger = mockServices.logger.mock();

  const start = (token: string) => {
    const cluster = {
      name: 'prod-eu',
      url: sandbox.url,
      token,
      caData: Buffer.from(sandbox.caData, 'base64').toString('utf8'),
      skipTLSVerify: false,
    };
    cache = createClusterCache({ clusters: [cluster], timing, logger });
    cache.start();
    return cache;
  };
  const warnings = () => logger.warn.mock.calls.map(([message]) => message);

  beforeAll(async () => {
    sandbox = await startSandboxCluster({
      name: 'sandbox',
      scenario: 'small',
      timeScale: 0,
      identities: [{ name: 'no-pods', rules: noPods }],
    });
    sandbox.sim.advance(30);
  });
  beforeEach(() => {
    jest.clearAllMocks();
    sandbox.resetStats();
  });
  afterEach(async () => {
    await cache?.stop();
    sandbox.faults.clear();
  });
  afterAll(() => sandbox.stop());

  it('warns once that pods are forbidden, with the cluster and what to grant, however often it retries', async () => {
    const c = start(sandbox.tokens['no-pods']);
    await waitFor(
      () => (sandbox.stats.byRoute['list pods'] ?? 0) >= 10,
      'ten forbidden lists of pods',
    );
    expect(c.snapshot('prod-eu')?.error).toMatchObject({ kind: 'forbidden' });
    expect(warnings()).toEqual([
      'Kubernetes cluster prod-eu forbids AgentDeck to list pods (HTTP 403): grant list and watch on pods',
    ]);
  });

  it('warns once per resource that the API server throttles', async () => {
    sandbox.faults.set({ throttleRate: 1 });
    const c = start(sandbox.token);
    await waitFor(
      () => (sandbox.stats.byRoute['list pods'] ?? 0) >= 5,
      'five throttled lists of pods',
    );
    expect(c.snapshot('prod-eu')?.error?.message).toMatch(
      /^HTTP 429: Too many requests/,
    );
    const throttled = (resource: string) =>
      `Kubernetes cluster prod-eu: the API server throttles AgentDeck (429) on ${resource}; it backs off`;
    expect(warnings().sort()).toEqual(
      [
        'events',
        'deployments.apps',
        'horizontalpodautoscalers.autoscaling',
        'pods',
        'scaledobjects.keda.sh',
      ]
        .map(throttled)
        .sort(),
    );
    // repeats are not lost, only kept out of the warnings
    expect(logger.debug).toHaveBeenCalledWith(throttled('pods'));
  });

  it('warns once per resource about failing lists, naming the status', async () => {
    sandbox.faults.set({ errorRate: 1 });
    start(sandbox.token);
    await waitFor(
      () => (sandbox.stats.byRoute['list apps/deployments'] ?? 0) >= 5,
      'five failed lists of deployments',
    );
    expect(warnings()).toHaveLength(5);
    expect(warnings()).toContain(
      'Kubernetes cluster prod-eu: list+watch of pods failed: HTTP 500: Internal error occurred: injected fault (sandbox errorRate)',
    );
  });
});
