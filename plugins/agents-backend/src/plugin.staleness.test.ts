import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import { startAgentsBackend } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';

jest.setTimeout(60000);

const SILENCE_SECONDS = 1.5;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('an API server that hangs with its watches open', () => {
  let eu: SandboxCluster;
  let backend: Awaited<ReturnType<typeof startAgentsBackend>>;
  const logger = mockServices.logger.mock();

  const status = async (): Promise<AgentStatusResponse> => {
    const res = await request(backend.server)
      .get('/api/agents/entities/default/billing-agent/status')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const fresh = () =>
    waitFor(async () => {
      const s = await status();
      return (
        !s.stale &&
        !s.clusters[0]?.error &&
        s.dataAgeSeconds === 0 &&
        s.clusters[0]?.pods.length > 0 &&
        s
      );
    }, 'a fresh answer');

  beforeAll(async () => {
    // bookmarks well inside the silence: a quiet but live cluster must never look stale
    eu = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: 'small',
      timeScale: 0,
      bookmarkIntervalMs: 300,
    });
    eu.sim.advance(60);
    backend = await startAgentsBackend({
      clusters: [eu],
      entities: [agent('billing-agent')],
      agents: {
        cache: {
          silenceSeconds: SILENCE_SECONDS,
          requestTimeoutMs: 500,
          watchTimeoutSeconds: 60,
          backoffMinMs: 50,
          backoffMaxMs: 300,
        },
        readiness: { intervalSeconds: 3600, readyIntervalSeconds: 3600 },
      },
      extra: [logger.factory],
    });
    await fresh();
  });

  afterAll(async () => {
    await backend?.stop();
    await eu?.stop();
  });

  afterEach(() => eu.faults.clear());

  it('stays fresh on bookmarks alone, without re-listing', async () => {
    const lists = eu.stats.byRoute['list pods'];
    await sleep(SILENCE_SECONDS * 2000);
    const s = await status();
    expect(s.stale).toBeUndefined();
    expect(s.dataAgeSeconds).toBe(0);
    expect(eu.stats.byRoute['list pods']).toBe(lists);
  });

  it('says the data is stale, with a growing age, within the silence; fresh again once re-listed', async () => {
    const silentAt = Date.now();
    eu.faults.set({ silent: true });
    const first = await waitFor(
      async () => {
        const s = await status();
        return s.stale && s;
      },
      'stale',
      5000,
    );
    expect(Date.now() - silentAt).toBeLessThan((SILENCE_SECONDS + 1) * 1000);
    expect(first.clusters[0].stale).toBe(true);
    expect(first.state).not.toBe('healthy');
    expect(first.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^cluster sandbox-eu stale: nothing heard from its API server for \d+ s$/,
        ),
      ]),
    );
    expect(first.clusters[0].pods.length).toBeGreaterThan(0);
    await sleep(1500);
    const later = await status();
    expect(later.stale).toBe(true);
    expect(later.dataAgeSeconds).toBeGreaterThan(
      first.dataAgeSeconds ?? Infinity,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Kubernetes cluster sandbox-eu: no event or bookmark on the pods watch for 1.5 s/,
      ),
    );

    const lists = eu.stats.byRoute['list pods'];
    eu.faults.clear();
    const s = await fresh();
    expect(s.reasons.join('\n')).not.toMatch(/stale/);
    expect(eu.stats.byRoute['list pods']).toBeGreaterThan(lists);
  });
});
