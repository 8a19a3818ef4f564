import { PodStatus } from '@agentdeck/plugin-agents-common';
import { ClusterPod, readinessSummary } from './readinessSummary';

function pod(
  name: string,
  ready: boolean,
  failing: string[] = [],
  extra: Partial<PodStatus> = {},
): ClusterPod {
  return {
    cluster: 'sandbox-eu',
    pod: {
      name,
      namespace: 'ns',
      phase: 'Running',
      ready,
      restarts: 0,
      conditions: [],
      readiness: {
        fetchedAt: '2025-06-01T12:00:00Z',
        checks: ['llm_api', 'vector_store', 'database'].map(c => ({
          name: c,
          ok: !failing.includes(c),
        })),
      },
      ...extra,
    },
  };
}

describe('readinessSummary', () => {
  it('says all pods are ready', () => {
    expect(readinessSummary([pod('a', true), pod('b', true)])).toBe(
      'All 2 pods ready.',
    );
  });

  it('names the one check that makes every unready pod unready', () => {
    const pods = [1, 2, 3].map(i => pod(`p${i}`, false, ['vector_store']));
    expect(readinessSummary([...pods, pod('ok', true)])).toBe(
      '3 pods unready because vector_store is down.',
    );
  });

  it('names several shared checks', () => {
    const pods = [pod('a', false, ['vector_store', 'database'])];
    expect(readinessSummary(pods)).toBe(
      '1 pod unready because vector_store and database are down.',
    );
  });

  it('counts different causes separately, including waiting reasons', () => {
    const pods = [
      pod('a', false, ['vector_store']),
      pod('b', false, ['database']),
      {
        cluster: 'c',
        pod: {
          ...pod('c', false).pod,
          readiness: undefined,
          waitingReason: 'CrashLoopBackOff',
        },
      },
    ];
    expect(readinessSummary(pods)).toBe(
      '3 pods unready: vector_store down on 1, database down on 1, CrashLoopBackOff on 1.',
    );
  });

  it('says when there are no pods', () => {
    expect(readinessSummary([])).toBe('No pods.');
  });
});
