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

/** The stripped objects of one list+watch, keyed by namespace/name. */
export function createItemStore<T>(opts: ItemStoreOptions<T>) {
  let store = new Map<string, T>();
  // Page views read far more often than watches write: derive the array and
  // the label index at most once per change, not once per request.
  let itemsMemo: T[] | undefined;
  let indexMemo: Map<string, T[]> | undefined;
  const changed = () => {
    itemsMemo = undefined;
    indexMemo = undefined;
  };
  const items = () => (itemsMemo ??= [...store.values()]);
  const index = () => {
    if (!indexMemo) {
      indexMemo = new Map();
      const label = opts.indexLabel;
      if (label) {
        for (const item of items()) {
          const value = (item as { labels?: Record<string, string> }).labels?.[
            label
          ];
          if (value === undefined) continue;
          const bucket = indexMemo.get(value);
          if (bucket) bucket.push(item);
          else indexMemo.set(value, [item]);
        }
      }
    }
    return indexMemo;
  };
  const put = (map: Map<string, T>, raw: Json) => {
    const key = keyOf(raw);
    map.delete(key);
    map.set(key, opts.strip(raw));
    if (opts.maxItems && map.size > opts.maxItems) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
  };

  return {
    /** Every object; the same array until something changes, so callers must not mutate it. */
    items,
    itemsWithLabel: (value: string) => index().get(value) ?? [],
    /** Replaces everything with a fresh list's items. */
    replace(raws: Json[]) {
      const next = new Map<string, T>();
      for (const raw of raws) put(next, raw);
      store = next;
      changed();
    },
    put(raw: Json) {
      put(store, raw);
      changed();
    },
    remove(raw: Json) {
      store.delete(keyOf(raw));
      changed();
    },
  };
}
