import net from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { createClusterCache } from './createClusterCache';
import {
  fixtureItems,
  FakeApiServer,
  startFakeApiServer,
} from './__testUtils__/fakeApiServer';
import { waitFor } from './__testUtils__/waitFor';
import { CacheTiming } from './types';

const timing: CacheTiming = {
  requestTimeoutMs: 1000,
  watchTimeoutSeconds: 60,
  backoffMinMs: 20,
  backoffMaxMs: 100,
  maxListBytes: 10 * 1024 * 1024,
  absentRetryMs: 60000,
  silenceMs: 60000,
};
const logger = mockServices.logger.mock();

function seed(api: FakeApiServer) {
  fixtureItems('pods-list-all-in-namespace.json').forEach(p =>
    api.put('pods', p),
  );
  fixtureItems('deployments-list.json').forEach(d => api.put('deployments', d));
  fixtureItems('horizontalpodautoscalers-v2-list.json').forEach(h =>
    api.put('hpas', h),
  );
  fixtureItems('events-core-v1-list-after-scale.json').forEach(e =>
    api.put('events', e),
  );
}

describe('createClusterCache', () => {
  let api: FakeApiServer;
  let cache: ReturnType<typeof createClusterCache>;

  beforeEach(async () => {
    api = await startFakeApiServer();
    seed(api);
    cache = createClusterCache({
      clusters: [
        { name: 'c1', url: api.url, token: api.token, skipTLSVerify: false },
      ],
      timing,
      logger,
    });
    cache.start();
  });

  afterEach(async () => {
    await cache.stop();
    await api.stop();
  });

  const snap = () => cache.snapshot('c1');
  const synced = () =>
    waitFor(() => {
      const s = snap();
      return s && !s.error && s.syncedAt && s.pods.length === 4 ? s : undefined;
    }, 'sync');

  it('lists, strips and watches every resource type', async () => {
    const s = await synced();
    expect(s.deployments.map(d => d.name).sort()).toEqual([
      'billing-agent',
      'summarizer-agent',
    ]);
    expect(s.hpas).toHaveLength(1);
    expect(s.scaledObjects).toEqual([]);
    expect(
      s.events.some(
        e => e.reason === 'ScalingReplicaSet' && e.objectKind === 'Deployment',
      ),
    ).toBe(true);
    expect(
      s.events.every(e =>
        ['HorizontalPodAutoscaler', 'Deployment', 'ScaledObject'].includes(
          e.objectKind,
        ),
      ),
    ).toBe(true);
    const oom = s.pods.find(p => p.name === 'billing-agent-5bb6966758-wxg59');
    expect(oom).toMatchObject({
      ready: false,
      restarts: 3,
      lastTerminationReason: 'OOMKilled',
      lastTerminationExitCode: 137,
      workload: 'billing-agent',
      readyz: { port: 8000, path: '/readyz' },
      node: 'node-a',
    });

    const [pod] = fixtureItems('pods-list-all-in-namespace.json');
    api.put('pods', { ...pod, status: { phase: 'Failed' } });
    await waitFor(
      () =>
        snap()?.pods.find(p => p.name === pod.metadata.name)?.phase ===
        'Failed',
      'watch update',
    );
    api.remove('pods', pod);
    await waitFor(() => snap()?.pods.length === 3, 'watch delete');
  });

  it('never keeps env values, secret references or other spec fields', async () => {
    const snapshot = await synced();
    const text = JSON.stringify(snapshot);
    for (const leak of [
      'secretKeyRef',
      'billing-agent-secrets',
      'openai-api-key',
      'kube-api-access',
      'managedFields',
      'Probe',
      'volumeMounts',
    ]) {
      expect(text).not.toContain(leak);
    }
    // pods keep no env or image at all
    expect(JSON.stringify(snapshot.pods)).not.toMatch(/OPENAI_API_KEY|image/);
    // a Deployment keeps what drift compares: env var names with a digest of their value
    const billing = snapshot.deployments.find(d => d.name === 'billing-agent');
    expect(billing?.template?.containers).toEqual([
      {
        name: 'agent',
        image: 'registry.example.com/billing-agent:1.4.2',
        env: {
          AGENT_NAME: expect.stringMatching(/^[0-9a-f]{16}$/),
          OPENAI_API_KEY: expect.stringMatching(/^[0-9a-f]{16}$/),
        },
        requests: { cpu: '250m', memory: '256Mi' },
        limits: { cpu: '1', memory: '512Mi' },
      },
    ]);
  });

  it('relists after 410 Expired and after a dropped watch', async () => {
    await synced();
    api.faults.expireWatches = true;
    api.dropWatches();
    const [pod] = fixtureItems('pods-list-all-in-namespace.json');
    api.put('pods', { ...pod, status: { phase: 'Pending' } });
    await waitFor(
      () =>
        snap()?.pods.find(p => p.name === pod.metadata.name)?.phase ===
        'Pending',
      'relist after 410',
    );
    api.faults.expireWatches = false;
    api.dropWatches(true);
    api.put('pods', { ...pod, status: { phase: 'Succeeded' } });
    await waitFor(
      () =>
        snap()?.pods.find(p => p.name === pod.metadata.name)?.phase ===
        'Succeeded',
      'relist after drop',
    );
    await waitFor(() => !snap()?.error && snap(), 'no error');
    expect(snap()?.pods).toHaveLength(4);
  });

  it('reports 500s with their start and recovers when they stop', async () => {
    await synced();
    api.faults.status = 500;
    api.dropWatches(true);
    const failing = await waitFor(() => snap()?.error, 'error');
    expect(failing).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('injected failure'),
    });
    expect(snap()?.pods).toHaveLength(4);
    const since = failing.since;
    await new Promise(r => setTimeout(r, 150));
    expect(snap()?.error?.since).toBe(since);
    api.faults.status = undefined;
    await waitFor(
      () => !snap()?.error && snap()?.syncedAt && snap(),
      'recovery',
    );
  });

  it('treats a missing KEDA API as empty, not as an error', async () => {
    api.faults.noKeda = true;
    await cache.stop();
    cache.start();
    const s = await synced();
    expect(s.scaledObjects).toEqual([]);
    expect(s.error).toBeUndefined();
  });
});

describe('createClusterCache errors', () => {
  it('classifies unauthorized, unreachable and timeout', async () => {
    const api = await startFakeApiServer();
    const sockets = new Set<net.Socket>();
    const silent = net.createServer(socket => sockets.add(socket));
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
    const refused = net.createServer();
    await new Promise<void>(r => refused.listen(0, '127.0.0.1', r));
    const refusedPort = (refused.address() as net.AddressInfo).port;
    await new Promise(r => refused.close(r));
    const cache = createClusterCache({
      clusters: [
        {
          name: 'badtoken',
          url: api.url,
          token: 'wrong',
          skipTLSVerify: false,
        },
        {
          name: 'refused',
          url: `http://127.0.0.1:${refusedPort}`,
          skipTLSVerify: false,
        },
        {
          name: 'silent',
          url: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
          skipTLSVerify: false,
        },
      ],
      timing: { ...timing, requestTimeoutMs: 200 },
      logger,
    });
    cache.start();
    try {
      expect(
        await waitFor(() => cache.snapshot('badtoken')?.error, '401'),
      ).toMatchObject({ kind: 'unauthorized' });
      expect(
        await waitFor(() => cache.snapshot('refused')?.error, 'refused'),
      ).toMatchObject({ kind: 'unreachable' });
      expect(
        await waitFor(() => cache.snapshot('silent')?.error, 'silent'),
      ).toMatchObject({ kind: 'timeout' });
      expect(cache.snapshot('refused')?.syncedAt).toBeUndefined();
    } finally {
      await cache.stop();
      await api.stop();
      sockets.forEach(socket => socket.destroy());
      await new Promise(r => silent.close(r));
    }
  });
});
