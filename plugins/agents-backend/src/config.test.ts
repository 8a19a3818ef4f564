import { ConfigReader } from '@backstage/config';
import { readAgentsConfig } from './config';

const read = (agents: object) => () =>
  readAgentsConfig(new ConfigReader({ agents }));

describe('readAgentsConfig', () => {
  it("defaults the request budget to client-go's 5/s with bursts of 10 and refuses a budget of nothing", () => {
    expect(readAgentsConfig(new ConfigReader({})).requestBudget).toEqual({
      qps: 5,
      burst: 10,
      viewedSeconds: 180,
    });
    expect(read({ requestBudget: { qps: 20, burst: 40 } })()).toMatchObject({
      requestBudget: { qps: 20, burst: 40 },
    });
    expect(read({ requestBudget: { qps: 0 } })).toThrow(
      'agents.requestBudget.qps must be above 0, got 0',
    );
    expect(read({ requestBudget: { burst: 0.5 } })).toThrow(
      'agents.requestBudget.burst must be at least 1, got 0.5',
    );
  });

  it('reads each section where config.d.ts declares it', () => {
    const config = read({
      cache: { silenceSeconds: 20 },
      readiness: { intervalSeconds: 7 },
      history: { retentionDays: 3 },
      usage: {
        prometheus: { baseUrl: 'http://127.0.0.1:9090' },
        prices: [{ model: 'm', inputPerMillionUsd: 1, outputPerMillionUsd: 2 }],
      },
      notifications: { budget: { thresholdsPercent: [90, 50, 90] } },
      overview: { refreshSeconds: 15 },
    })();
    expect(config.cache.silenceMs).toBe(20_000);
    expect(config.readiness.intervalSeconds).toBe(7);
    expect(config.history.retentionDays).toBe(3);
    expect(config.usage.prometheus).toMatchObject({
      baseUrl: 'http://127.0.0.1:9090',
      timeoutMs: 5000,
    });
    expect(config.usage.prices).toEqual([
      { model: 'm', inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
    ]);
    expect(config.notifications.budgetThresholds).toEqual([50, 90]);
    expect(config.overview.refreshSeconds).toBe(15);
  });

  it('names the key of a budget threshold that is not a positive number', () => {
    expect(
      read({ notifications: { budget: { thresholdsPercent: [50, -1] } } }),
    ).toThrow(
      'agents.notifications.budget.thresholdsPercent must hold positive numbers',
    );
  });
});
