import {
  CachedDeployment,
  CachedEvent,
  CachedHpa,
  ClusterSnapshot,
} from '../ClusterCache';
import { selectorFor } from './selector';
import { toRescaleEvents } from './toRescaleEvents';
import { agent } from '../../__testUtils__/entities';

const labels = { 'backstage.io/kubernetes-id': 'billing-agent' };
const deployment: CachedDeployment = {
  name: 'billing-agent',
  namespace: 'ai-agents',
  labels,
  desired: 3,
  current: 3,
  updated: 3,
  ready: 3,
  available: 3,
  conditions: [],
};
const hpa: CachedHpa = {
  name: 'billing-agent',
  namespace: 'ai-agents',
  labels,
  target: { kind: 'Deployment', name: 'billing-agent' },
  min: 2,
  max: 10,
  current: 3,
  desired: 3,
  metrics: [],
  conditions: [],
};

let uid = 0;
const event = (
  at: string,
  reason: string,
  message: string,
  objectKind = 'Deployment',
): CachedEvent => ({
  namespace: 'ai-agents',
  uid: String(uid++),
  objectKind,
  objectName: 'billing-agent',
  reason,
  message,
  at,
  count: 1,
});
const snapshot = (
  events: CachedEvent[],
  hpas: CachedHpa[] = [],
): ClusterSnapshot => ({
  cluster: 'c1',
  pods: [],
  deployments: [deployment],
  hpas,
  scaledObjects: [],
  events,
  withKubernetesId: () => ({
    pods: [],
    deployments: [deployment],
    hpas,
    scaledObjects: [],
  }),
});
const sel = selectorFor(agent('billing-agent'));

describe('toRescaleEvents', () => {
  const rollout = [
    event(
      '2026-01-01T10:00:00Z',
      'ScalingReplicaSet',
      'Scaled up replica set billing-agent-7c9d8f6b5 from 0 to 1',
    ),
    event(
      '2026-01-01T10:00:20Z',
      'ScalingReplicaSet',
      'Scaled down replica set billing-agent-5bb6966758 from 3 to 2',
    ),
    event(
      '2026-01-01T10:00:40Z',
      'ScalingReplicaSet',
      'Scaled up replica set billing-agent-7c9d8f6b5 from 1 to 3',
    ),
    event(
      '2026-01-01T10:01:00Z',
      'ScalingReplicaSet',
      'Scaled down replica set billing-agent-5bb6966758 from 2 to 0',
    ),
  ];

  it('does not take a rollout for a scale to zero', () => {
    expect(toRescaleEvents(snapshot(rollout), sel)).toEqual([]);
  });

  it('keeps a manual scale of a Deployment without autoscaler, including to zero', () => {
    const manual = [
      ...rollout,
      event(
        '2026-01-01T12:00:00Z',
        'ScalingReplicaSet',
        'Scaled down replica set billing-agent-7c9d8f6b5 from 3 to 0',
      ),
    ];
    expect(toRescaleEvents(snapshot(manual), sel)).toEqual([
      expect.objectContaining({
        object: 'Deployment/billing-agent',
        from: 3,
        to: 0,
        at: '2026-01-01T12:00:00Z',
      }),
    ]);
  });

  it("keeps only the autoscaler's events when an HPA scales the Deployment", () => {
    const events = [
      event(
        '2026-01-01T12:00:00Z',
        'ScalingReplicaSet',
        'Scaled up replica set billing-agent-7c9d8f6b5 from 3 to 5',
      ),
      event(
        '2026-01-01T12:00:00Z',
        'SuccessfulRescale',
        'New size: 5; reason: cpu resource utilization (percentage of request) above target',
        'HorizontalPodAutoscaler',
      ),
    ];
    expect(toRescaleEvents(snapshot(events, [hpa]), sel)).toEqual([
      expect.objectContaining({
        object: 'HorizontalPodAutoscaler/billing-agent',
        reason: 'SuccessfulRescale',
        to: 5,
      }),
    ]);
  });
});
