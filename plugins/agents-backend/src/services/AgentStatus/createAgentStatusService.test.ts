import { readAgentsConfig } from '../../config';
import https from 'node:https';
import { mockServices } from '@backstage/backend-test-utils';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import {
  createClusterCache,
  createPodProxy,
  readClusters,
} from '../ClusterCache';
import { createReadinessService } from '../Readiness';
import { createAgentStatusService } from './createAgentStatusService';
import { agent } from '../../__testUtils__/entities';
import { kubernetesConfig } from '../../__testUtils__/startAgentsBackend';
import { waitFor } from '../ClusterCache/__testUtils__/waitFor';
import { ConfigReader } from '@backstage/config';

function mergePatch(
  sandbox: SandboxCluster,
  path: string,
  body: object,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${sandbox.url}${path}`,
      {
        method: 'PATCH',
        ca: Buffer.from(sandbox.caData, 'base64').toString(),
        headers: {
          Authorization: `Bearer ${sandbox.token}`,
          'Content-Type': 'application/merge-patch+json',
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('createAgentStatusService against a sandbox', () => {
  let sandbox: SandboxCluster;
  let cache: ReturnType<typeof createClusterCache>;
  let readiness: ReturnType<typeof createReadinessService>;
  let service: ReturnType<typeof createAgentStatusService>;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
    });
    sandbox.sim.setLoad('billing-agent', 30);
    for (let i = 0; i < 5; i++) sandbox.sim.advance(60);
    const config = new ConfigReader({
      kubernetes: kubernetesConfig([sandbox]),
    });
    const logger = mockServices.logger.mock();
    cache = createClusterCache({
      clusters: readClusters(config),
      timing: readAgentsConfig(config).cache,
      logger,
    });
    readiness = createReadinessService({
      cache,
      proxy: createPodProxy(cache.clientOf),
      settings: {
        intervalSeconds: 3600,
        readyIntervalSeconds: 3600,
        timeoutMs: 1000,
        maxBytes: 65536,
        concurrency: 2,
      },
      logger,
    });
    service = createAgentStatusService({ cache, readiness });
    cache.start();
    readiness.start();
    await waitFor(() => cache.snapshot('sandbox-eu')?.syncedAt, 'sync');
  });

  afterAll(async () => {
    await readiness?.stop();
    await cache?.stop();
    await sandbox?.stop();
  });

  it('returns the rescale events of the agent, oldest first, with sizes', async () => {
    const events = await waitFor(async () => {
      const e = await service.getRecentEvents(agent('billing-agent'));
      return e.some(x => x.reason === 'SuccessfulRescale') && e;
    }, 'rescale events');
    expect(events.map(e => e.at)).toEqual([...events.map(e => e.at)].sort());
    expect(
      events.every(
        e => e.cluster === 'sandbox-eu' && e.namespace === 'ai-agents',
      ),
    ).toBe(true);
    const rescale = events.find(e => e.reason === 'SuccessfulRescale');
    expect(rescale).toMatchObject({
      object: 'HorizontalPodAutoscaler/billing-agent',
      to: expect.any(Number),
    });
    const others = await service.getRecentEvents(agent('invoice-reconciler'));
    expect(others.some(e => e.object.includes('billing-agent'))).toBe(false);
  });

  it('shows a KEDA pause set by annotation', async () => {
    const code = await mergePatch(
      sandbox,
      '/apis/keda.sh/v1alpha1/namespaces/ai-agents/scaledobjects/invoice-reconciler',
      {
        metadata: {
          annotations: { 'autoscaling.keda.sh/paused-replicas': '2' },
        },
      },
    );
    expect(code).toBe(200);
    const status = await waitFor(async () => {
      const s = await service.getStatus(agent('invoice-reconciler'));
      return s.clusters[0]?.autoscalers[0]?.keda?.paused && s;
    }, 'paused');
    expect(status.clusters[0].autoscalers[0].keda).toMatchObject({
      paused: true,
      pausedReplicas: 2,
    });
    expect(status.reasons).toEqual(
      expect.arrayContaining([
        'ScaledObject invoice-reconciler paused at 2 replicas',
      ]),
    );
  });

  it("keeps each agent's model until a watch event changes that agent's own objects", async () => {
    const billing = agent('billing-agent');
    const invoice = agent('invoice-reconciler');
    const before = service.getModel(billing);
    const other = service.getModel(invoice);
    // nothing changed: the same model, not a recomputed copy
    expect(service.getModel(billing)).toBe(before);
    const pod = before.clusters[0].pods[0];
    expect(pod).toBeDefined();
    const code = await mergePatch(
      sandbox,
      `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`,
      { metadata: { labels: { 'agentdeck.test/touched': 'yes' } } },
    );
    expect(code).toBe(200);
    const after = await waitFor(() => {
      const m = service.getModel(billing);
      return m !== before && m;
    }, 'a new model after the pod changed');
    expect(after.clusters[0].pods.map(p => p.name)).toContain(pod.name);
    // another agent's objects did not change: its model is the one it had
    expect(service.getModel(invoice)).toBe(other);
    // the REST answer is the model with the cluster's current sync time
    const status = await service.getStatus(billing);
    expect(status.state).toBe(after.state);
    expect(status.clusters[0].pods).toBe(after.clusters[0].pods);
  });
});
