import { PromSeries } from '../Usage/prometheusClient';
import { groupSeries, readinessQuery } from './readinessSeries';

const check = (pod: string, name: string | undefined, value: number) => ({
  metric: {
    namespace: 'ai-agents',
    pod,
    ...(name === undefined ? {} : { check: name }),
  },
  values: [[1_750_000_000, value]] as Array<[number, number]>,
});
const sampled = (pod: string, at: number): PromSeries => ({
  metric: { namespace: 'ai-agents', pod, agentdeck_field: 'sampled_at' },
  values: [[1_750_000_000, at]],
});

describe('readiness series', () => {
  it('asks once for every check and each pod oldest sample, in the agents namespaces only', () => {
    expect(readinessQuery(['b-ns', 'a.ns'], 'cluster')).toBe(
      'min by (cluster, namespace, pod, check) (agent_readiness_check{namespace=~"a\\\\.ns|b-ns"}) or ' +
        'label_replace(min by (cluster, namespace, pod) (timestamp(agent_readiness_check{namespace=~"a\\\\.ns|b-ns"})), "agentdeck_field", "sampled_at", "", "")',
    );
    const many = Array.from({ length: 201 }, (_, i) => `ns-${i}`);
    expect(readinessQuery(many)).not.toContain('namespace=~');
  });

  it("groups checks by pod, sorted, with the pod's oldest sample", () => {
    const pods = groupSeries([
      check('a-1', 'llm_api', 1),
      check('a-1', 'database', 0),
      sampled('a-1', 1_749_999_990.5),
      check('b-1', 'queue', 1),
    ]);
    expect(pods.get('/ai-agents/a-1')).toEqual({
      checks: [
        { name: 'database', ok: false },
        { name: 'llm_api', ok: true },
      ],
      sampledAtMs: 1_749_999_990_500,
    });
    expect(pods.get('/ai-agents/b-1')).toEqual({
      checks: [{ name: 'queue', ok: true }],
    });
  });

  it.each([
    ['a series has no check label', [check('p-1', undefined, 1)]],
    ['a check name is too long', [check('p-1', 'x'.repeat(129), 1)]],
    ['a value is neither 0 nor 1', [check('p-1', 'llm_api', 0.5)]],
    ['a value is neither 0 nor 1', [check('p-1', 'llm_api', NaN)]],
    [
      'it has too many checks',
      Array.from({ length: 51 }, (_, i) => check('p-1', `c${i}`, 1)),
    ],
  ])('refuses a pod whose series break the limits: %s', (why, series) => {
    const pods = groupSeries([check('p-1', 'ok_check', 1), ...series]);
    expect(pods.get('/ai-agents/p-1')).toEqual({ refused: why });
  });

  it('skips series it cannot match to one pod', () => {
    const pods = groupSeries(
      [
        { metric: { pod: 'p-1', check: 'a', cluster: 'eu' }, values: [[1, 1]] },
        {
          metric: {
            namespace: 'n'.repeat(64),
            pod: 'p-1',
            check: 'a',
            cluster: 'eu',
          },
          values: [[1, 1]],
        },
        {
          metric: { namespace: 'ns', pod: 'p-1', check: 'a' },
          values: [[1, 1]],
        },
        {
          metric: { namespace: 'ns', pod: 'p-1', check: 'a', cluster: 'eu' },
          values: [[1, 0]],
        },
      ],
      'cluster',
    );
    expect([...pods]).toEqual([
      ['eu/ns/p-1', { checks: [{ name: 'a', ok: false }] }],
    ]);
  });
});
