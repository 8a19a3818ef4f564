import type { Store } from '../api/store';
import { microTime, rfc3339, type Rng } from '../rng';
import type { KubeObject } from '../types';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface EventSource {
  component: string;
  host?: string;
}

/**
 * Writes Events the way the real components do: controllers and the kubelet
 * through core/v1 (aggregated with count), the scheduler through events.k8s.io.
 */
export class EventRecorder {
  private readonly index = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly rng: Rng,
    private readonly now: () => Date,
    private readonly clusterName: string,
  ) {}

  private ref(
    o: KubeObject,
    kind: string,
    apiVersion: string,
    fieldPath?: string,
  ) {
    return {
      kind,
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      uid: o.metadata.uid,
      apiVersion,
      resourceVersion: o.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
  }

  private name(o: KubeObject, d: Date) {
    const ns = BigInt(d.getTime()) * 1000000n + BigInt(this.rng.int(1000000));
    return `${o.metadata.name}.${ns.toString(16)}`;
  }

  /** A legacy (core/v1) event; repeats of the same reason and message bump count. */
  record(
    o: KubeObject,
    kind: string,
    apiVersion: string,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ) {
    const d = this.now();
    const key = `${o.metadata.uid}|${reason}|${message}|${source.component}`;
    const existingName = this.index.get(key);
    const existing = existingName
      ? (this.store.get('events', o.metadata.namespace, existingName) as
          | Json
          | undefined)
      : undefined;
    if (existing) {
      this.store.put('events', {
        ...existing,
        involvedObject: this.ref(o, kind, apiVersion, fieldPath),
        lastTimestamp: rfc3339(d),
        count: (existing.count ?? 1) + 1,
      } as KubeObject);
      return;
    }
    const name = this.name(o, d);
    this.index.set(key, name);
    this.store.put('events', {
      metadata: {
        name,
        namespace: o.metadata.namespace,
        uid: this.rng.uid(),
        creationTimestamp: rfc3339(d),
      },
      involvedObject: this.ref(o, kind, apiVersion, fieldPath),
      reason,
      message,
      source: {
        component: source.component,
        ...(source.host ? { host: source.host } : {}),
      },
      firstTimestamp: rfc3339(d),
      lastTimestamp: rfc3339(d),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    } as KubeObject);
  }

  /** The scheduler's Scheduled event, written through events.k8s.io/v1. */
  scheduled(pod: KubeObject, node: string) {
    const d = this.now();
    this.store.put('events', {
      metadata: {
        name: this.name(pod, d),
        namespace: pod.metadata.namespace,
        uid: this.rng.uid(),
        creationTimestamp: rfc3339(d),
      },
      involvedObject: this.ref(pod, 'Pod', 'v1'),
      reason: 'Scheduled',
      message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`,
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: 'Normal',
      eventTime: microTime(d),
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      reportingInstance: `default-scheduler-${this.clusterName}-control-plane`,
    } as KubeObject);
  }

  /** Deletes events older than the API server's 1 h TTL. */
  expire(ttlSeconds = 3600) {
    const cutoff = this.now().getTime() - ttlSeconds * 1000;
    for (const e of this.store.list('events') as Json[]) {
      const last =
        e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      if (Date.parse(last) < cutoff) {
        this.store.delete('events', e.metadata.namespace, e.metadata.name);
        for (const [k, v] of this.index)
          if (v === e.metadata.name) this.index.delete(k);
      }
    }
  }
}
