import { ConfigReader } from '@backstage/config';
import { readAgentsConfig } from './config';

const source = (agents: object) => () =>
  readAgentsConfig(new ConfigReader({ agents })).readiness.prometheus;
const usage = { prometheus: { baseUrl: 'http://prom:9090', timeoutMs: 800 } };

describe('agents.readiness.source', () => {
  it('is the pod proxy without Prometheus, and Prometheus as usage has it by default', () => {
    expect(source({})()).toBeUndefined();
    expect(source({ usage })()).toEqual({
      baseUrl: 'http://prom:9090',
      timeoutMs: 800,
      intervalSeconds: 10,
      maxSeries: 200_000,
    });
    expect(source({ usage, readiness: { source: 'proxy' } })()).toBeUndefined();
  });

  it('takes its own Prometheus settings over usage', () => {
    expect(
      source({
        usage,
        readiness: {
          source: 'prometheus',
          prometheus: {
            baseUrl: 'http://other:9090',
            intervalSeconds: 3,
            clusterLabel: 'k8s_cluster',
            maxSeries: 10,
          },
        },
      })(),
    ).toEqual({
      baseUrl: 'http://other:9090',
      timeoutMs: 800,
      intervalSeconds: 3,
      clusterLabel: 'k8s_cluster',
      maxSeries: 10,
    });
  });

  it('names the key when the setting cannot work', () => {
    expect(source({ readiness: { source: 'prometheus' } })).toThrow(
      'agents.readiness.source is prometheus but neither agents.readiness.prometheus.baseUrl nor agents.usage.prometheus.baseUrl is set',
    );
    expect(source({ readiness: { source: 'pods' } })).toThrow(
      'agents.readiness.source must be one of auto, proxy, prometheus, got pods',
    );
    // written into the query: a label name or nothing
    expect(
      source({ usage, readiness: { prometheus: { clusterLabel: 'a"}or{' } } }),
    ).toThrow(
      'agents.readiness.prometheus.clusterLabel must be a Prometheus label name',
    );
    expect(
      source({ usage, readiness: { prometheus: { intervalSeconds: 0 } } }),
    ).toThrow(
      'agents.readiness.prometheus.intervalSeconds must be above 0, got 0',
    );
  });
});
