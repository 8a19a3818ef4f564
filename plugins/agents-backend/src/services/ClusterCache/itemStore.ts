import { Json, obj, str } from './json';

/** Options of {@link createItemStore}. */
export interface ItemStoreOptions<T> {
  strip: (raw: Json) => T;
  /** Keep at most this many objects (events), dropping the oldest. */
  maxItems?: number;
  /** Index objects by this label's value, for `itemsWithLabel`. */
  indexLabel?: string;
}

const keyOf = (o: Json) =>
  `${str(obj(o.metadata).namespace) ?? ''}/${str(obj(o.metadata).name) ?? ''}`;

const NONE: never[] = [];

/**
 * The stripped objects of one list+watch, keyed by namespace/name.
 *
 * The label index is kept up to date change by change, and each label value's
 * array is derived at most once per change of that value's objects: an
 * unchanged agent's arrays keep their identity, which is what lets the status
 * service reuse what it computed for the agent until its own objects change.
 */
export function createItemStore<T>(opts: ItemStoreOptions<T>) {
  const label = opts.indexLabel;
  const labelOf = (item: T) =>
    label === undefined
      ? undefined
      : (item as { labels?: Record<string, string> }).labels?.[label];
  let store = new Map<string, T>();
  let index = new Map<string, Map<string, T>>();
  // Page views read far more often than watches write.
  let itemsMemo: T[] | undefined;
  const bucketMemo = new Map<string, T[]>();

  const unindex = (key: string, item: T | undefined) => {
    const value = item === undefined ? undefined : labelOf(item);
    if (value === undefined) return;
    const bucket = index.get(value);
    bucket?.delete(key);
    if (bucket?.size === 0) index.delete(value);
    bucketMemo.delete(value);
  };
  const reindex = (key: string, item: T) => {
    const value = labelOf(item);
    if (value === undefined) return;
    let bucket = index.get(value);
    if (!bucket) index.set(value, (bucket = new Map()));
    bucket.set(key, item);
    bucketMemo.delete(value);
  };
  const put = (raw: Json) => {
    const key = keyOf(raw);
    unindex(key, store.get(key));
    store.delete(key);
    const item = opts.strip(raw);
    store.set(key, item);
    reindex(key, item);
    if (opts.maxItems && store.size > opts.maxItems) {
      const oldest = store.keys().next();
      if (!oldest.done) {
        unindex(oldest.value, store.get(oldest.value));
        store.delete(oldest.value);
      }
    }
  };

  return {
    /** Every object; the same array until something changes, so callers must not mutate it. */
    items: () => (itemsMemo ??= [...store.values()]),
    /** The objects whose index label has this value; the same array until one of them changes. */
    itemsWithLabel(value: string): T[] {
      let memo = bucketMemo.get(value);
      if (!memo) {
        const bucket = index.get(value);
        if (!bucket) return NONE;
        memo = [...bucket.values()];
        bucketMemo.set(value, memo);
      }
      return memo;
    },
    /** One object by namespace and name. */
    get: (namespace: string, name: string) => store.get(`${namespace}/${name}`),
    /** Replaces everything with a fresh list's items. */
    replace(raws: Json[]) {
      store = new Map();
      index = new Map();
      bucketMemo.clear();
      for (const raw of raws) put(raw);
      itemsMemo = undefined;
    },
    put(raw: Json) {
      put(raw);
      itemsMemo = undefined;
    },
    remove(raw: Json) {
      const key = keyOf(raw);
      unindex(key, store.get(key));
      store.delete(key);
      itemsMemo = undefined;
    },
  };
}
