// Bounded caches of compiled programs: a Map in recency order (its iteration
// order is insertion order), the least recently used entry dropped first.

/** `cache`'s value for `key`, made by `make` when absent (null values are kept too); at most `max` entries. */
export function lruGet<K, V>(cache: Map<K, V>, key: K, max: number, make: () => V): V {
  let value: V;
  if (cache.has(key)) {
    value = cache.get(key) as V;
    cache.delete(key); // re-inserted below: most recently used last
  } else {
    value = make();
    if (cache.size >= max) cache.delete(cache.keys().next().value as K);
  }
  cache.set(key, value);
  return value;
}
