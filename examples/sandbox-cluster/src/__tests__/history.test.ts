import { simulatePast, type SandboxPast } from '../history';
import { startSandboxCluster } from '../server';
import { call } from '../__testUtils__/helpers';

jest.setTimeout(120000);

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const END = Date.parse('2026-06-20T12:00:00Z');

const spendPerDay = (past: SandboxPast, agent: string, days: number) =>
  past.usage
    .filter(u => u.agent === agent)
    .reduce((sum, u) => sum + u.costUsd, 0) / days;

describe('the past of a demo cluster', () => {
  let past: SandboxPast;
  beforeAll(async () => {
    past = await simulatePast({
      scenario: 'demo-eu',
      end: END,
      spanMs: 7 * DAY,
    });
  });

  it('covers the span up to its end, one load period a day', () => {
    expect(past.to).toBe(new Date(END).toISOString());
    expect(Date.parse(past.from)).toBeLessThanOrEqual(END - 7 * DAY);
    expect(Date.parse(past.from)).toBeGreaterThan(END - 7 * DAY - HOUR);
    const times = [
      ...past.autoscalers.flatMap(a => a.samples.map(s => s.at)),
      ...past.rescales.map(e => e.at),
      ...past.usage.map(u => u.at),
    ].map(Date.parse);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(past.from));
    expect(Math.max(...times)).toBeLessThanOrEqual(END);
  });

  it('follows the daily load wave with the HPA and records its rescales', () => {
    const billing = past.autoscalers.find(a => a.agent === 'billing-agent')!;
    expect(billing).toMatchObject({
      kind: 'HorizontalPodAutoscaler',
      name: 'billing-agent',
      namespace: 'ai-agents',
    });
    // each day scales out towards the peak and back in
    for (let d = 1; d < 7; d++) {
      const day = billing.samples.filter(s => {
        const t = Date.parse(s.at);
        return t > END - (d + 1) * DAY && t <= END - d * DAY;
      });
      expect(Math.max(...day.map(s => s.desired))).toBeGreaterThanOrEqual(5);
      expect(Math.min(...day.map(s => s.desired))).toBeLessThanOrEqual(3);
    }
    expect(billing.samples[0]).toMatchObject({ min: 2, max: 10 });
    const rescales = past.rescales.filter(e => e.agent === 'billing-agent');
    expect(rescales.length).toBeGreaterThan(7 * 2);
    expect(rescales[1]).toMatchObject({
      object: 'HorizontalPodAutoscaler/billing-agent',
      reason: 'SuccessfulRescale',
      message: expect.stringMatching(/^New size: \d+; reason: /),
    });
    for (const e of rescales.slice(1)) {
      expect(e.to).toBe(Number(/New size: (\d+)/.exec(e.message)![1]));
      expect(e.from).not.toBe(e.to);
    }
    // KEDA's agents are sampled as their ScaledObject, with its bounds
    const keda = past.autoscalers.find(a => a.agent === 'invoice-reconciler');
    expect(keda).toMatchObject({
      kind: 'ScaledObject',
      name: 'invoice-reconciler',
    });
    expect(keda!.samples[0]).toMatchObject({ min: 1, max: 8 });
  });

  it('spends a few to tens of dollars a day per agent, more when the load is high', () => {
    for (const agent of [
      'billing-agent',
      'invoice-reconciler',
      'support-triage-agent',
      'code-review-agent',
    ]) {
      const perDay = spendPerDay(past, agent, 7);
      expect(perDay).toBeGreaterThan(2);
      expect(perDay).toBeLessThan(80);
    }
    // billing-agent's hours at the wave's peak (5+ replicas wanted) against those at min
    const billing = past.autoscalers.find(a => a.agent === 'billing-agent')!;
    const desiredAt = (t: number) =>
      [...billing.samples].reverse().find(s => Date.parse(s.at) <= t)
        ?.desired ?? 0;
    const hourly = past.usage.filter(u => u.agent === 'billing-agent');
    expect(hourly.length).toBeGreaterThan(7 * 23);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const busy = hourly.filter(u => desiredAt(Date.parse(u.at)) >= 5);
    const quiet = hourly.filter(u => desiredAt(Date.parse(u.at)) === 2);
    expect(busy.length).toBeGreaterThan(0);
    expect(quiet.length).toBeGreaterThan(0);
    expect(mean(busy.map(u => u.costUsd))).toBeGreaterThan(
      2 * mean(quiet.map(u => u.costUsd)),
    );
    expect(hourly[0]).toMatchObject({
      model: 'openai/gpt-4o-mini',
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
    });
  });

  it('spends the same per real day however fast the scenario runs', async () => {
    const faster = await simulatePast({
      scenario: 'demo-eu',
      end: END,
      spanMs: 7 * DAY,
      msPerSecond: 12_000,
    });
    const slow = spendPerDay(past, 'billing-agent', 7);
    const fast = spendPerDay(faster, 'billing-agent', 7);
    expect(Math.abs(fast - slow) / slow).toBeLessThan(0.1);
  });

  it("lists the scenario's agents and who deployed them", () => {
    expect(past.agents).toContainEqual({
      name: 'billing-agent',
      namespace: 'ai-agents',
      deployedBy: 'agentdeck',
    });
    expect(past.agents).toContainEqual({
      name: 'k8s-assistant',
      namespace: 'kagent',
      deployedBy: 'kagent',
    });
  });
});

describe('the live sandbox faster than real time', () => {
  it('stamps objects and events with the wall clock', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const c = await startSandboxCluster({ scenario: 'small', timeScale: 10 });
    try {
      // its timer runs ten scenario seconds a real second, and so does its clock
      const now = c.sim.now().getTime();
      expect(now).toBeGreaterThanOrEqual(before);
      expect(now).toBeLessThanOrEqual(Date.now());
      const created = (
        await call(c, '/api/v1/namespaces/ai-agents/pods')
      ).json.items.map((p: any) => Date.parse(p.metadata.creationTimestamp));
      expect(created.length).toBeGreaterThan(0);
      for (const t of created) {
        expect(t).toBeGreaterThanOrEqual(before);
        expect(t).toBeLessThanOrEqual(Date.now());
      }
    } finally {
      await c.stop();
    }
  });
});
