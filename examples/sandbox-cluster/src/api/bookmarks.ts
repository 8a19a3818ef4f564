type Json = Record<string, unknown>;

const template = {
  metadata: { creationTimestamp: null },
  spec: { containers: null },
};

// Zero-value objects as Go serialises them, so a BOOKMARK looks like the real one.
const skeletons: Record<string, Json> = {
  Pod: { spec: { containers: null }, status: {} },
  Deployment: { spec: { selector: null, template, strategy: {} }, status: {} },
  ReplicaSet: { spec: { selector: null, template }, status: { replicas: 0 } },
  StatefulSet: {
    spec: { selector: null, template, serviceName: '', updateStrategy: {} },
    status: { replicas: 0, availableReplicas: 0 },
  },
  HorizontalPodAutoscaler: {
    spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 },
    status: { desiredReplicas: 0 },
  },
  Service: { spec: {}, status: { loadBalancer: {} } },
  Namespace: { spec: {}, status: {} },
  Event: {
    involvedObject: {},
    source: {},
    firstTimestamp: null,
    lastTimestamp: null,
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
  },
  PodDisruptionBudget: {
    spec: {},
    status: {
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    },
  },
};

/** The BOOKMARK object for a kind at a resourceVersion. */
export function bookmarkObject(
  kind: string,
  apiVersion: string,
  rv: number,
): Json {
  const skeleton =
    apiVersion === 'events.k8s.io/v1'
      ? {
          eventTime: null,
          reportingController: '',
          regarding: {},
          deprecatedSource: {},
          deprecatedFirstTimestamp: null,
          deprecatedLastTimestamp: null,
        }
      : skeletons[kind];
  return {
    kind,
    apiVersion,
    metadata: { resourceVersion: String(rv), creationTimestamp: null },
    ...(skeleton ?? {}),
  };
}
