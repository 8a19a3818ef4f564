import { fixtureItems } from './__testUtils__/fakeApiServer';
import { stripHpa, stripScaledObject } from './stripAutoscalers';

describe('stripHpa', () => {
  it('joins metrics by type and name, ignoring the placeholder currentMetrics of an HPA without metrics', () => {
    const [raw] = fixtureItems('horizontalpodautoscalers-v2-list.json');
    const hpa = stripHpa(raw);
    expect(hpa).toMatchObject({
      name: 'billing-agent',
      min: 2,
      max: 10,
      current: 3,
      desired: 0,
      target: { kind: 'Deployment', name: 'billing-agent' },
    });
    expect(hpa.metrics).toEqual([
      {
        name: 'agent_active_requests',
        source: 'Pods',
        targetType: 'AverageValue',
        target: '8',
      },
      {
        name: 'cpu',
        source: 'Resource',
        targetType: 'Utilization',
        target: '70%',
      },
    ]);
    expect(hpa.conditions.find(c => c.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetPodsMetric',
    });
  });

  it('reads current values, in readable units', () => {
    const [raw] = fixtureItems('horizontalpodautoscalers-v2-list.json');
    const hpa = stripHpa({
      ...raw,
      status: {
        currentMetrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', current: { averageUtilization: 42 } },
          },
          {
            type: 'Pods',
            pods: {
              metric: { name: 'agent_active_requests' },
              current: { averageValue: '5267m' },
            },
          },
        ],
      },
    });
    expect(hpa.metrics.map(m => m.current)).toEqual(['5.267', '42%']);
  });
});

describe('stripScaledObject', () => {
  const raw = {
    metadata: {
      name: 'incident-copilot',
      namespace: 'platform-agents',
      labels: { 'backstage.io/kubernetes-id': 'incident-copilot' },
      annotations: { 'autoscaling.keda.sh/paused-replicas': '0' },
    },
    spec: {
      scaleTargetRef: { name: 'incident-copilot' },
      minReplicaCount: 1,
      maxReplicaCount: 5,
      triggers: [
        {
          type: 'nats-jetstream',
          metadata: {
            natsServerMonitoringEndpoint: 'nats.internal:8222',
            stream: 's',
            consumer: 'c',
            lagThreshold: '3',
          },
        },
      ],
    },
    status: {
      hpaName: 'keda-hpa-incident-copilot',
      externalMetricNames: ['s0-nats-jetstream-s'],
      health: {
        's0-nats-jetstream-s': { numberOfFailures: 4, status: 'Failing' },
      },
      conditions: [
        { type: 'Fallback', status: 'True', reason: 'FallbackExists' },
      ],
    },
  };

  it('keeps thresholds, health and pause state, and drops trigger addresses', () => {
    const so = stripScaledObject(raw);
    expect(so).toMatchObject({
      min: 1,
      max: 5,
      paused: true,
      pausedReplicas: 0,
      hpaName: 'keda-hpa-incident-copilot',
    });
    expect(so.triggers).toEqual([
      {
        name: 'nats-jetstream-0',
        type: 'nats-jetstream',
        metricName: 's0-nats-jetstream-s',
        target: '3',
      },
    ]);
    expect(so.health['s0-nats-jetstream-s']).toEqual({
      status: 'Failing',
      numberOfFailures: 4,
    });
    expect(JSON.stringify(so)).not.toContain('nats.internal');
  });
});
