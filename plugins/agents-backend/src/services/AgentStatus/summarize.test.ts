import {
  AutoscalerStatus,
  ClusterAgentStatus,
  PodStatus,
} from '@agentdeck/plugin-agents-common';
import { summarize } from './summarize';

const pod = (name: string, over: Partial<PodStatus> = {}): PodStatus => ({
  name,
  namespace: 'ns',
  phase: 'Running',
  ready: true,
  restarts: 0,
  conditions: [],
  ...over,
});
const cluster = (
  over: Partial<ClusterAgentStatus> = {},
): ClusterAgentStatus => ({
  cluster: 'c1',
  syncedAt: '2026-01-01T00:00:00Z',
  workloads: [],
  pods: [],
  autoscalers: [],
  ...over,
});
const hpa = (over: Partial<AutoscalerStatus> = {}): AutoscalerStatus => ({
  kind: 'HorizontalPodAutoscaler',
  name: 'a',
  namespace: 'ns',
  target: { kind: 'Deployment', name: 'a' },
  minReplicas: 1,
  maxReplicas: 4,
  currentReplicas: 4,
  desiredReplicas: 4,
  metrics: [],
  conditions: [],
  limited: false,
  ...over,
});

describe('summarize', () => {
  it('is healthy when every pod is ready, even at max replicas or held at min', () => {
    expect(
      summarize([cluster({ pods: [pod('a-1')], autoscalers: [hpa()] })]),
    ).toEqual({ state: 'healthy', reasons: [] });
    const atMin = hpa({
      currentReplicas: 1,
      limited: true,
      conditions: [
        { type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas' },
      ],
    });
    expect(
      summarize([cluster({ pods: [pod('a-1')], autoscalers: [atMin] })]),
    ).toEqual({ state: 'healthy', reasons: [] });
  });

  it('names the failing readiness check with its message', () => {
    const failing = pod('a-2', {
      ready: false,
      readiness: {
        fetchedAt: 'x',
        checks: [
          {
            name: 'vector_store',
            ok: false,
            message: 'error: connection refused',
          },
          { name: 'llm_api', ok: true },
        ],
      },
    });
    const s = summarize([cluster({ pods: [pod('a-1'), failing, pod('a-3')] })]);
    expect(s).toEqual({
      state: 'degraded',
      reasons: [
        '1 of 3 pods not ready: vector_store failing (error: connection refused)',
      ],
    });
  });

  it('is down when no pod is ready anywhere, and names crash loops with restarts', () => {
    const s = summarize([
      cluster({
        pods: [
          pod('s-1', {
            ready: false,
            waitingReason: 'CrashLoopBackOff',
            restarts: 12,
            readiness: {
              fetchedAt: 'x',
              checks: [],
              error: 'pod proxy: connection refused',
            },
          }),
        ],
      }),
    ]);
    expect(s.state).toBe('down');
    expect(s.reasons).toEqual([
      '1 of 1 pods not ready: CrashLoopBackOff',
      's-1: CrashLoopBackOff, 12 restarts',
    ]);
  });

  it('is degraded, not down, when one of two clusters has no ready pod', () => {
    const s = summarize([
      cluster({ cluster: 'eu', pods: [pod('a-1')] }),
      cluster({ cluster: 'us', pods: [pod('a-2', { ready: false })] }),
    ]);
    expect(s.state).toBe('degraded');
    expect(s.reasons[0]).toBe('1 of 1 pods not ready in us');
  });

  it('reports unreachable clusters: unknown without data, degraded with stale data', () => {
    const error = {
      kind: 'unreachable' as const,
      message: 'connect ECONNREFUSED',
      since: 'x',
    };
    expect(summarize([cluster({ syncedAt: undefined, error })])).toEqual({
      state: 'unknown',
      reasons: ['cluster c1 unreachable: connect ECONNREFUSED'],
    });
    expect(summarize([cluster({ error, pods: [pod('a-1')] })]).state).toBe(
      'degraded',
    );
  });

  it('calls a stale cluster unknown, saying for how long nothing was heard', () => {
    const now = Date.parse('2026-01-01T00:03:20Z');
    const s = summarize([cluster({ stale: true, pods: [pod('a-1')] })], now);
    expect(s).toEqual({
      state: 'unknown',
      reasons: [
        'cluster c1 stale: nothing heard from its API server for 200 s',
      ],
    });
  });

  it('says what AgentDeck may not see without changing the state, naming the cluster when there are several', () => {
    const hidden =
      'ScaledObjects not visible to AgentDeck: grant list and watch on scaledobjects.keda.sh';
    expect(
      summarize([cluster({ pods: [pod('a-1')], notVisible: [hidden] })]),
    ).toEqual({ state: 'healthy', reasons: [hidden] });
    const two = summarize([
      cluster({ cluster: 'eu', pods: [pod('a-1')], notVisible: [hidden] }),
      cluster({ cluster: 'us', pods: [pod('a-2')] }),
    ]);
    expect(two.reasons).toEqual([`cluster eu: ${hidden}`]);
  });

  it('flags ScalingLimited, failing KEDA triggers and fallback; pauses are information only', () => {
    const keda = {
      ready: true,
      active: true,
      fallback: true,
      paused: false,
      triggers: [
        {
          name: 'nats',
          type: 'nats-jetstream',
          health: 'Failing' as const,
          numberOfFailures: 4,
        },
      ],
    };
    const atMax = hpa({
      limited: true,
      conditions: [
        { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' },
      ],
    });
    const s = summarize([
      cluster({
        pods: [pod('a-1')],
        autoscalers: [atMax, hpa({ kind: 'ScaledObject', name: 'b', keda })],
      }),
    ]);
    expect(s.state).toBe('degraded');
    expect(s.reasons).toEqual([
      'HPA a: scaling limited at max 4 replicas (TooManyReplicas)',
      'ScaledObject b is in fallback',
      'ScaledObject b: trigger nats (nats-jetstream) failing, 4 failures',
    ]);
    const paused = summarize([
      cluster({
        pods: [pod('a-1')],
        autoscalers: [
          hpa({
            kind: 'ScaledObject',
            keda: {
              ...keda,
              fallback: false,
              triggers: [],
              paused: true,
              pausedReplicas: 0,
            },
          }),
        ],
      }),
    ]);
    expect(paused).toEqual({
      state: 'healthy',
      reasons: ['ScaledObject a paused at 0 replicas'],
    });
  });
});
