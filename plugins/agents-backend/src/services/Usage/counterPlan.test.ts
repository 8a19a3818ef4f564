import { planCounters, PodCounterState, usageOfPlan } from './counterPlan';

const MIN = 60_000;
const limits = {
  maxTokensPerPodPerMinute: 1_000_000,
  maxCostUsdPerPodPerMinute: 10,
};
const KEY = 'tokens|gpt-4o|input';

/** Runs samples one minute apart, remembering what the store would. */
function sampler(restarts: () => number = () => 0) {
  const state: PodCounterState = {
    values: new Map(),
    resets: new Map(),
    sampledBefore: false,
  };
  let at = 0;
  const counted: number[] = [];
  const flags: string[][] = [];
  const sample = (
    counters: Record<string, number>,
    opts: { young?: boolean } = {},
  ) => {
    at += MIN;
    const plan = planCounters({
      counters: new Map(Object.entries(counters)),
      state,
      restarts: restarts(),
      at,
      firstSinceMs: opts.young ? at - MIN : undefined,
      intervalMs: MIN,
      resetWindowMs: 10 * MIN,
      limits,
    });
    for (const a of plan.advances) state.values.set(a.series, a.value);
    for (const r of plan.resets)
      state.resets.set(r.series, { count: r.count, at });
    state.restarts = restarts();
    state.lastAt = at;
    state.sampledBefore = true;
    counted.push([...plan.increments.values()].reduce((n, v) => n + v, 0));
    flags.push(plan.flags);
    return plan;
  };
  return { sample, counted, flags, state };
}

describe('planCounters', () => {
  it('counts increases, and a young pod from zero', () => {
    const s = sampler();
    s.sample({ [KEY]: 500 }, { young: true });
    s.sample({ [KEY]: 800 });
    s.sample({ [KEY]: 800 });
    expect(s.counted).toEqual([500, 300, 0]);
  });

  it('takes an old pod first seen as a baseline', () => {
    const s = sampler();
    s.sample({ [KEY]: 500 });
    s.sample({ [KEY]: 650 });
    expect(s.counted).toEqual([0, 150]);
  });

  it('counts a series that first shows in a pod sampled before from zero', () => {
    const s = sampler();
    s.sample({ [KEY]: 500 });
    s.sample({ [KEY]: 500, 'tokens|gpt-4o|output': 70 });
    expect(s.counted).toEqual([0, 70]);
  });

  it('counts a reset after a container restart from zero, every time', () => {
    let restarts = 0;
    const s = sampler(() => restarts);
    s.sample({ [KEY]: 1000 });
    for (let i = 0; i < 4; i++) {
      restarts += 1;
      s.sample({ [KEY]: 100 });
      s.sample({ [KEY]: 1000 });
    }
    expect(s.counted).toEqual([0, 100, 900, 100, 900, 100, 900, 100, 900]);
    expect(s.flags.flat()).toEqual([]);
  });

  it('believes one reset without a restart, then ignores a series that keeps toggling', () => {
    const s = sampler();
    s.sample({ [KEY]: 400_000, 'cost|gpt-4o': 1 });
    for (let i = 0; i < 5; i++) {
      s.sample({ [KEY]: 0, 'cost|gpt-4o': 2 + 2 * i });
      s.sample({ [KEY]: 400_000, 'cost|gpt-4o': 3 + 2 * i });
    }
    // the one believed reset lets 400000 through once; the dollar series goes on counting
    expect(s.counted).toEqual([0, 1, 400_001, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(s.flags.slice(3).every(f => f.includes('toggling'))).toBe(true);
  });

  it('believes a reset again once the window has passed', () => {
    const s = sampler();
    s.sample({ [KEY]: 1000 });
    s.sample({ [KEY]: 10 });
    for (let i = 0; i < 11; i++) s.sample({ [KEY]: 20 + i });
    s.sample({ [KEY]: 5 });
    expect(s.counted.at(-1)).toBe(5);
    expect(s.flags.flat()).toEqual([]);
  });

  it('counts nothing of an implausible jump, and not later either', () => {
    const s = sampler();
    s.sample({ [KEY]: 10, 'cost|gpt-4o': 1 });
    s.sample({ [KEY]: 20, 'cost|gpt-4o': 1e12 });
    s.sample({ [KEY]: 30, 'cost|gpt-4o': 1e12 + 2 });
    expect(s.counted).toEqual([0, 0, 12]);
    expect(s.flags).toEqual([[], ['implausible'], []]);
  });

  it('scales the ceilings with the time since the last sample', () => {
    const s = sampler();
    s.sample({ [KEY]: 0 });
    s.state.lastAt = -59 * MIN; // an hour without samples, e.g. a backend restart
    s.sample({ [KEY]: 50_000_000 });
    expect(s.counted.at(-1)).toBe(50_000_000);
    s.sample({ [KEY]: 52_000_000 });
    expect(s.flags.at(-1)).toEqual(['implausible']);
  });

  it("starts token series that replaced all of a running pod's others from their value", () => {
    const s = sampler();
    const NEW = 'tokens|openai/gpt-4o|input';
    s.sample({ [KEY]: 500, 'cost|gpt-4o': 1 });
    s.sample({ [KEY]: 600, 'cost|gpt-4o': 2 });
    // AgentDeck now reads the same counter under a newer naming, with its provider
    s.sample({ [NEW]: 610, 'cost|gpt-4o': 3 });
    s.sample({ [NEW]: 700, 'cost|gpt-4o': 4 });
    expect(s.counted).toEqual([0, 101, 1, 91]);
    // a model first used later counts from zero as before
    s.sample({ [NEW]: 700, 'cost|gpt-4o': 4, 'tokens|openai/o3|input': 5 });
    expect(s.counted.at(-1)).toBe(5);
  });

  it('counts renamed token series in full after a container restart', () => {
    let restarts = 0;
    const s = sampler(() => restarts);
    s.sample({ [KEY]: 500 });
    restarts = 1;
    s.sample({ 'tokens|openai/gpt-4o|input': 40 });
    expect(s.counted).toEqual([0, 40]);
  });
});

describe('usageOfPlan', () => {
  it('counts a cost counter without provider for the one token model of its name', () => {
    const counters = new Map([
      ['tokens|azure.ai.openai/gpt-4o-mini|input', 20],
      ['tokens|azure.ai.openai/gpt-4o-mini|output', 5],
      ['cost|gpt-4o-mini', 0.25],
      ['tokens|anthropic/claude-sonnet-4|input', 7],
      ['tokens|aws.bedrock/claude-sonnet-4|input', 9],
      ['cost|claude-sonnet-4', 0.5],
    ]);
    const plan = planCounters({
      counters,
      state: { values: new Map(), resets: new Map(), sampledBefore: true },
      at: MIN,
      intervalMs: MIN,
      resetWindowMs: 10 * MIN,
      limits,
    });
    const rows = usageOfPlan(plan, new Set(counters.keys()), counters);
    const byModel = Object.fromEntries(rows.map(r => [r.model, r]));
    expect(byModel['azure.ai.openai/gpt-4o-mini']).toEqual({
      model: 'azure.ai.openai/gpt-4o-mini',
      inputTokens: 20,
      outputTokens: 5,
      costUsd: 0.25,
    });
    // two providers of the same name: the cost stays a row of its own
    expect(byModel['claude-sonnet-4']?.costUsd).toBe(0.5);
    expect(byModel['anthropic/claude-sonnet-4']?.costUsd).toBeUndefined();
    expect(rows).toHaveLength(4);
  });
});
