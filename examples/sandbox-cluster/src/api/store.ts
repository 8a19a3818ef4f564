import type { KubeObject } from '../types';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One entry of the change log (what the watch cache holds). */
export interface Change {
  rv: number;
  storage: string;
  type: WatchType;
  obj: KubeObject;
  prev?: KubeObject;
}

type Listener = (c: Change) => void;

const keyOf = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * In-memory object storage with one global resourceVersion counter and a
 * bounded change log, so that old resourceVersions expire as in the watch cache.
 * Objects are stored without kind/apiVersion and are never mutated in place.
 */
export class Store {
  private rv = 1000;
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  private readonly sorted = new Map<string, string[]>();
  private log: Change[] = [];
  private compacted = 0;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly logLimit = 20000) {}

  currentRv(): number {
    return this.rv;
  }

  /** Oldest resourceVersion a watch may still start from. */
  oldestRv(): number {
    return this.compacted;
  }

  /** Forgets the whole change log, as an etcd compaction would. */
  compact(): void {
    this.log = [];
    this.compacted = this.rv;
  }

  private bucket(storage: string): Map<string, KubeObject> {
    let b = this.buckets.get(storage);
    if (!b) this.buckets.set(storage, (b = new Map()));
    return b;
  }

  get(
    storage: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.buckets.get(storage)?.get(`${namespace ?? ''}/${name}`);
  }

  /** All objects of a bucket in key order (namespace, then name), like etcd. */
  list(storage: string, namespace?: string): KubeObject[] {
    const b = this.buckets.get(storage);
    if (!b) return [];
    let keys = this.sorted.get(storage);
    if (!keys) {
      keys = [...b.keys()].sort();
      this.sorted.set(storage, keys);
    }
    const out: KubeObject[] = [];
    for (const k of keys) {
      const o = b.get(k);
      if (o && (namespace === undefined || o.metadata.namespace === namespace))
        out.push(o);
    }
    return out;
  }

  /** The bucket as it was at resourceVersion `at`, rebuilt from the log; undefined when compacted. */
  listAt(
    storage: string,
    at: number,
    namespace?: string,
  ): KubeObject[] | undefined {
    if (at < this.compacted) return undefined;
    // Nothing in this bucket changed since `at`: the current list is that list. Paging
    // through a fleet then costs a page, not a rebuild of every object, as etcd's
    // reads at a revision do.
    let changed = false;
    for (let i = this.log.length - 1; i >= 0 && this.log[i].rv > at; i--)
      if (this.log[i].storage === storage) {
        changed = true;
        break;
      }
    if (!changed) return this.list(storage, namespace);
    const state = new Map(
      this.list(storage, namespace).map(o => [keyOf(o), o]),
    );
    for (let i = this.log.length - 1; i >= 0 && this.log[i].rv > at; i--) {
      const c = this.log[i];
      if (c.storage !== storage) continue;
      if (namespace !== undefined && c.obj.metadata.namespace !== namespace)
        continue;
      if (c.type === 'ADDED') state.delete(keyOf(c.obj));
      else if (c.prev) state.set(keyOf(c.prev), c.prev);
    }
    return [...state.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, o]) => o);
  }

  /** Changes newer than `rv` for one bucket; undefined when `rv` has been compacted away. */
  changesSince(storage: string, rv: number): Change[] | undefined {
    if (rv < this.compacted) return undefined;
    return this.log.filter(c => c.rv > rv && c.storage === storage);
  }

  /** Writes (creates or replaces) an object, stamping a new resourceVersion. */
  put(storage: string, obj: KubeObject): KubeObject {
    const b = this.bucket(storage);
    const key = keyOf(obj);
    const prev = b.get(key);
    const stored: KubeObject = {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(++this.rv) },
    };
    if (!prev) this.sorted.delete(storage);
    b.set(key, stored);
    this.emit({
      rv: this.rv,
      storage,
      type: prev ? 'MODIFIED' : 'ADDED',
      obj: stored,
      prev,
    });
    return stored;
  }

  delete(
    storage: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const b = this.buckets.get(storage);
    const key = `${namespace ?? ''}/${name}`;
    const prev = b?.get(key);
    if (!b || !prev) return undefined;
    b.delete(key);
    this.sorted.delete(storage);
    const gone: KubeObject = {
      ...prev,
      metadata: { ...prev.metadata, resourceVersion: String(++this.rv) },
    };
    this.emit({ rv: this.rv, storage, type: 'DELETED', obj: gone, prev });
    return gone;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(c: Change) {
    this.log.push(c);
    if (this.log.length > this.logLimit) {
      const drop = this.log.length - Math.floor(this.logLimit * 0.9);
      this.compacted = this.log[drop - 1].rv;
      this.log = this.log.slice(drop);
    }
    for (const l of this.listeners) l(c);
  }
}
