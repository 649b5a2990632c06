// Value equality for treedef node data (registered nodes' aux data), the
// analogue of Python `==` on the hashable metadata JAX stores in a treedef.

/**
 * Deep equality: primitives by value (NaN equals NaN so a cache keyed on a
 * treedef still hits), arrays and plain objects element by element, typed
 * arrays by contents, objects with an `equals` method through it, anything
 * else by identity.
 */
export function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (typeof a === "number") return Number.isNaN(a) && Number.isNaN(b as number);
  if (a === null || b === null || typeof a !== "object") return false;
  if (depth > 100) return false;
  const pa = Object.getPrototypeOf(a);
  if (pa !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i], depth + 1)) return false;
    return true;
  }
  if (pa === Object.prototype || pa === null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.hasOwn(b as object, k)) return false;
      if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1)) return false;
    }
    return true;
  }
  if (ArrayBuffer.isView(a) && !(a instanceof DataView)) {
    const ta = a as unknown as ArrayLike<unknown>;
    const tb = b as unknown as ArrayLike<unknown>;
    if (ta.length !== tb.length) return false;
    for (let i = 0; i < ta.length; i++) if (!deepEqual(ta[i], tb[i], depth + 1)) return false;
    return true;
  }
  const eq = (a as { equals?: unknown }).equals;
  if (typeof eq === "function") return Boolean(eq.call(a, b));
  return false;
}
