import { PodProxyRequest } from '../types';
import { budgetPodProxy } from './budgetPodProxy';
import { createRequestBudget } from './createRequestBudget';
import { BudgetTicket, InFlightLimit, RequestPriority } from './types';
import { createViewedAgents } from './viewedAgents';
import { worstWindow } from './__testUtils__/worstWindow';

const tick = () => new Promise(r => setImmediate(r));
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
/** Runs left waiting when a test stops its budget are rejected: expected. */
const later = (p: Promise<unknown>) => void p.catch(() => undefined);

/** Tasks that stay running until released, recording the order they started in. */
function gate() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const task = (name: string) => () =>
    new Promise<string>(resolve => {
      started.push(name);
      releases.set(name, () => resolve(name));
    });
  const release = (name: string) => releases.get(name)?.();
  return { started, task, release };
}

const ticket = (
  lane: string,
  priority: RequestPriority = 'background',
  extra: Partial<BudgetTicket> = {},
): BudgetTicket => ({ cluster: 'eu', lane, priority, ...extra });

describe('createRequestBudget', () => {
  it('never lets more than burst + qps * T requests start in any T, idle spells included', async () => {
    // starts are stamped with the budget's own clock: what it decided, free of event-loop jitter
    let decidedAt = 0;
    const budget = createRequestBudget(
      { qps: 40, burst: 5 },
      { now: () => (decidedAt = performance.now()) },
    );
    const starts: number[] = [];
    const us: number[] = [];
    const flood = (cluster: string, into: number[], n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          budget.run(
            { cluster, lane: `l${i % 3}`, priority: 'background' },
            async () => void into.push(decidedAt),
          ),
        ),
      );
    const t0 = performance.now();
    await Promise.all([flood('eu', starts, 25), flood('us', us, 5)]);
    // the burst goes at once, the other 20 at 40 per second
    expect(starts.filter(t => t - t0 < 20)).toHaveLength(5);
    expect(starts[24] - t0).toBeGreaterThan(450);
    // another cluster has its own bucket
    expect(us[4] - t0).toBeLessThan(50);
    // a quiet spell refills the bucket up to the burst and no further
    await sleep(400);
    await flood('eu', starts, 25);
    expect(starts).toHaveLength(50);
    expect(worstWindow(starts, 40, 5, 0)).toBeLessThanOrEqual(1e-9);
    budget.stop();
  });

  it('starts the most urgent work first, lanes of one priority taking turns', async () => {
    const budget = createRequestBudget({ qps: 200, burst: 1 });
    const g = gate();
    const all = [
      budget.run(ticket('first'), g.task('first')),
      budget.run(ticket('a'), g.task('a-0')),
      budget.run(ticket('a'), g.task('a-1')),
      budget.run(ticket('a'), g.task('a-2')),
      budget.run(ticket('b'), g.task('b-0')),
      budget.run(ticket('b'), g.task('b-1')),
      budget.run(ticket('v', 'viewed'), g.task('viewed')),
      budget.run(ticket('u', 'unready'), g.task('unready')),
    ];
    while (g.started.length < 8) {
      await sleep(5);
      g.started.forEach(g.release);
    }
    await Promise.all(all);
    expect(g.started).toEqual([
      'first',
      'unready',
      'viewed',
      'a-0',
      'b-0',
      'a-1',
      'b-1',
      'a-2',
    ]);
    budget.stop();
  });

  it('holds a lane to its share of in-flight requests and lets others pass it without spending a token', async () => {
    const budget = createRequestBudget({ qps: 1000, burst: 100 });
    const g = gate();
    const limit: InFlightLimit = { total: 3, perLane: 2 };
    for (let i = 0; i < 50; i++)
      later(
        budget.run(
          ticket('hostile', 'unready', { limit }),
          g.task(`hostile-${i}`),
        ),
      );
    later(
      budget.run(
        ticket('healthy', 'background', { limit }),
        g.task('healthy-0'),
      ),
    );
    later(budget.run(ticket('sampler'), g.task('sampler-0')));
    await tick();
    expect(g.started).toEqual([
      'hostile-0',
      'hostile-1',
      'healthy-0',
      'sampler-0',
    ]);
    g.release('healthy-0');
    await tick();
    // the free seat may only go to the lane at its share if no one else waits
    expect(g.started).toHaveLength(4);
    later(
      budget.run(
        ticket('healthy', 'background', { limit }),
        g.task('healthy-1'),
      ),
    );
    await tick();
    expect(g.started.at(-1)).toBe('healthy-1');
    expect(budget.waiting()).toBe(48);
    g.release('hostile-0');
    await tick();
    expect(g.started.at(-1)).toBe('hostile-2');
    budget.stop();
  });

  it('frees the seat of a task that throws, even before its first await', async () => {
    const budget = createRequestBudget({ qps: 1000, burst: 10 });
    const limit = { total: 1, perLane: 1 };
    await expect(
      budget.run(ticket('a', 'viewed', { limit }), () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      budget.run(ticket('a', 'viewed', { limit }), async () => 'ok'),
    ).resolves.toBe('ok');
    budget.stop();
  });

  it('takes an aborted request out of the queue at once, without spending its token', async () => {
    const budget = createRequestBudget({ qps: 10, burst: 1 });
    const g = gate();
    later(budget.run(ticket('a'), g.task('first')));
    const abort = new AbortController();
    const gone = budget.run(
      ticket('b', 'unready', { signal: abort.signal }),
      g.task('gone'),
    );
    const next = budget.run(ticket('c'), g.task('next'));
    expect(budget.waiting()).toBe(2);
    const t0 = performance.now();
    abort.abort();
    expect(budget.waiting()).toBe(1);
    await expect(gone).rejects.toMatchObject({ name: 'AbortError' });
    while (g.started.length < 2) await sleep(2);
    // the token 'gone' would have taken, 100 ms after the first
    expect(performance.now() - t0).toBeLessThan(150);
    expect(g.started).toEqual(['first', 'next']);
    g.release('next');
    await next;
    budget.stop();
  });

  it('holds a cluster back for as long as a 429 through the budgeted proxy asks', async () => {
    const budget = createRequestBudget({ qps: 100, burst: 10 });
    const starts: number[] = [];
    let status = 429;
    const proxy = budgetPodProxy(budget, {
      async get() {
        starts.push(performance.now());
        const answer = {
          status,
          body: JSON.stringify({
            kind: 'Status',
            code: 429,
            details: { retryAfterSeconds: 0.3 },
          }),
        };
        status = 200;
        return answer;
      },
    });
    const req = (pod: string): PodProxyRequest => ({
      cluster: 'eu',
      namespace: 'ai-agents',
      pod,
      port: 8000,
      path: '/readyz',
      timeoutMs: 1000,
      maxBytes: 1000,
    });
    expect((await proxy.get(req('a'))).status).toBe(429);
    await Promise.all([proxy.get(req('b')), proxy.get(req('c'))]);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(295);
    budget.stop();
  });

  it('rejects what still waits when stopped', async () => {
    const budget = createRequestBudget({ qps: 1, burst: 1 });
    later(budget.run(ticket('a'), async () => undefined));
    const waiting = budget.run(ticket('a'), async () => undefined);
    budget.stop();
    await expect(waiting).rejects.toThrow('AgentDeck is stopping');
  });
});

describe('createViewedAgents', () => {
  it('counts an agent as viewed for the window after its status was read', () => {
    let now = 0;
    const viewed = createViewedAgents(180_000, () => now);
    viewed.mark('agent:default/a');
    now = 179_000;
    expect(viewed.has('agent:default/a')).toBe(true);
    expect(viewed.has('agent:default/b')).toBe(false);
    now = 181_000;
    expect(viewed.has('agent:default/a')).toBe(false);
  });
});
