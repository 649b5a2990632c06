// One level of a pytree (flattenOneLevel), node checks (isTreeNode),
// associative reduction and the registry object (defaultRegistry), as jax.tree_util's.
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { checkOptions } from "../core/options.ts";
import { type IsLeafFn, flatten, leaves, structure } from "./flatten.ts";
import { type KeyEntry, DictKey, GetAttrKey, SequenceKey } from "./keys.ts";
import { sortedKeys } from "./pyrepr.ts";
import { type Constructor, NAMEDTUPLE_FIELDS, lookupRegistration, nodeTypeOf, registerNode, registerPytreeWithKeys } from "./registry.ts";

function cantFlatten(x: unknown): never {
  const t =
    x === null || x === undefined ? "None" : typeof x === "object" || typeof x === "function" ? (x as object).constructor?.name : typeof x;
  throw new ValueError(`can't tree-flatten type: ${t}`);
}

/** jax.tree_util.flatten_one_level: a node's children and its metadata (dict keys, a class, aux). */
export function flattenOneLevel(t: unknown): [unknown[], unknown] {
  const [pairs, meta] = flattenOneLevelWithKeys(t);
  return [pairs.map((p) => p[1]), meta];
}

/** jax.tree_util.flatten_one_level_with_keys: `[[key, child][], metadata]`. */
export function flattenOneLevelWithKeys(t: unknown): [Array<[KeyEntry, unknown]>, unknown] {
  const type = nodeTypeOf(t);
  switch (type) {
    case "leaf":
      return cantFlatten(t);
    case "none":
      return [[], null];
    case "list":
      return [(t as unknown[]).map((c, i) => [new SequenceKey(i), c]), null];
    case "dict": {
      const keys = sortedKeys(t as object);
      return [keys.map((k) => [new DictKey(k), (t as Record<string, unknown>)[k]]), keys];
    }
    case "namedtuple": {
      const fields = (t as { [NAMEDTUPLE_FIELDS]: readonly string[] })[NAMEDTUPLE_FIELDS];
      return [fields.map((f) => [new GetAttrKey(f), (t as Record<string, unknown>)[f]]), (t as object).constructor];
    }
    default: {
      const [pairs, aux] = type.flattenWithKeys(t);
      return [pairs.map(([k, c]) => [k, c]), aux];
    }
  }
}

/** jax.tree_util.is_tree_node(cls): whether instances of `cls` are pytree nodes (built in or registered). */
export function isTreeNode(cls: unknown): boolean {
  if (cls === Array || cls === Object || cls === null || cls === undefined) return true;
  if (typeof cls !== "function") return false;
  const proto = (cls as { prototype?: unknown }).prototype;
  if (typeof proto !== "object" || proto === null) return false;
  if ((proto as { [NAMEDTUPLE_FIELDS]?: unknown })[NAMEDTUPLE_FIELDS] !== undefined) return true;
  return lookupRegistration(cls as Constructor) !== undefined;
}

/** Options of reduceAssociative. */
export interface ReduceAssociativeOptions<T> {
  /** The result for a tree without leaves (required then). */
  identity?: T;
  isLeaf?: IsLeafFn;
}

/**
 * jax.tree.reduce_associative(operation, tree, {identity, isLeaf}): the leaves combined by
 * halves (`op(reduce(first half), reduce(second half))`), as JAX's parallel reduction.
 */
export function reduceAssociative<T = any>(operation: (a: T, b: T) => T, t: unknown, options?: ReduceAssociativeOptions<T>): T {
  const opts = checkOptions(options, "reduceAssociative", ["identity", "isLeaf"]) as ReduceAssociativeOptions<T>;
  const seq = leaves(t, opts.isLeaf) as T[];
  const go = (lo: number, hi: number): T => {
    if (hi - lo === 1) return seq[lo]!;
    const mid = lo + Math.floor((hi - lo) / 2);
    return operation(go(lo, mid), go(mid, hi));
  };
  if (seq.length === 0) {
    if (!("identity" in opts)) throw new JaxTypeError("Must specify identity for parallel reduction of empty sequence.");
    return opts.identity as T;
  }
  return go(0, seq.length);
}

/** jax.tree_util.register_pytree_with_keys_class: `x.treeFlattenWithKeys()`, static `cls.treeUnflatten`, optional `x.treeFlatten()`. */
export function registerPytreeWithKeysClass<C extends Constructor & { treeUnflatten(aux: unknown, children: unknown[]): unknown }>(
  cls: C,
): C {
  type WithKeys = {
    treeFlattenWithKeys(): readonly [Iterable<readonly [KeyEntry, unknown]>, unknown];
    treeFlatten?(): readonly [Iterable<unknown>, unknown];
  };
  const hasFlatten = typeof (cls.prototype as WithKeys).treeFlatten === "function";
  registerPytreeWithKeys(
    cls,
    (x: object) => (x as WithKeys).treeFlattenWithKeys(),
    (aux, children) => cls.treeUnflatten(aux, children) as object,
    hasFlatten ? (x: object) => (x as WithKeys).treeFlatten!() : undefined,
  );
  return cls;
}

/** jax.tree_util.default_registry: the registry the tree functions use, as an object. */
export const defaultRegistry: {
  flatten: typeof flatten;
  structure: typeof structure;
  flattenOneLevel: typeof flattenOneLevel;
  flattenOneLevelWithKeys: typeof flattenOneLevelWithKeys;
  isNode: typeof isTreeNode;
  registerNode: typeof registerNode;
} = Object.freeze({ flatten, structure, flattenOneLevel, flattenOneLevelWithKeys, isNode: isTreeNode, registerNode });
