// flatten / unflatten / leaves / structure and their key-path variants.
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { DictKey, GetAttrKey, SequenceKey, type KeyEntry, type KeyPath } from "./keys.ts";
import { sortedKeys } from "./pyrepr.ts";
import { NAMEDTUPLE_FIELDS, nodeTypeOf } from "./registry.ts";
import { TreeDef } from "./treedef.ts";

/** Called on every subtree before it is taken apart; a truthy result makes the whole subtree one leaf. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type IsLeafFn = (x: any) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type IsLeafWithPathFn = (x: any, path: KeyPath) => unknown;

// Past this depth the value almost surely contains a cycle; fail with a clear
// message before the JS stack overflows (Python's default recursion limit).
const MAX_DEPTH = 1000;

function tooDeep(): never {
  throw new ValueError(`Maximum pytree depth (${MAX_DEPTH}) exceeded in flatten; PyTree may have cyclical node references.`);
}

/** Runs a recursive walk; a JS stack overflow on the way (deep custom nodes) gets the depth message too. */
function guarded<T>(walk: () => T): T {
  try {
    return walk();
  } catch (e) {
    if (e instanceof RangeError && /call stack/.test(e.message)) tooDeep();
    throw e;
  }
}

/** is_leaf must be callable when given (JAX calls it on every subtree). */
function checkIsLeaf(isLeaf: unknown): void {
  if (isLeaf !== undefined && isLeaf !== null && typeof isLeaf !== "function") {
    throw new JaxTypeError(`flatten: is_leaf must be a function, got ${describe(isLeaf)}`);
  }
}

function fieldsOf(x: unknown): readonly string[] {
  return (x as { [NAMEDTUPLE_FIELDS]: readonly string[] })[NAMEDTUPLE_FIELDS];
}

function build(x: unknown, leaves: unknown[], isLeaf: IsLeafFn | undefined, depth: number): TreeDef {
  if (isLeaf !== undefined && isLeaf(x)) {
    leaves.push(x);
    return TreeDef.LEAF;
  }
  const type = nodeTypeOf(x);
  if (type === "leaf") {
    leaves.push(x);
    return TreeDef.LEAF;
  }
  if (type === "none") return TreeDef.none(x as null | undefined);
  if (depth > MAX_DEPTH) tooDeep();
  const d = depth + 1;
  switch (type) {
    case "list": {
      const xs = x as unknown[];
      const kids = new Array<TreeDef>(xs.length);
      // An index loop, not map: holes in sparse arrays are undefined (None), not skipped.
      for (let i = 0; i < xs.length; i++) kids[i] = build(xs[i], leaves, isLeaf, d);
      return TreeDef.list(kids);
    }
    case "dict": {
      const keys = sortedKeys(x as object);
      const kids = keys.map((k) => build((x as Record<string, unknown>)[k], leaves, isLeaf, d));
      return TreeDef.dict(keys, kids);
    }
    case "namedtuple": {
      const kids = fieldsOf(x).map((f) => build((x as Record<string, unknown>)[f], leaves, isLeaf, d));
      return TreeDef.namedTuple(Object.getPrototypeOf(x) as object, kids);
    }
    default: {
      const [children, aux] = type.flatten(x);
      return TreeDef.custom(
        type,
        aux,
        children.map((c) => build(c, leaves, isLeaf, d)),
      );
    }
  }
}

function buildWithPath(
  x: unknown,
  out: Array<[KeyPath, unknown]>,
  path: KeyEntry[],
  isLeaf: IsLeafWithPathFn | undefined,
  depth: number,
): TreeDef {
  if (isLeaf !== undefined && isLeaf(x, [...path])) {
    out.push([[...path], x]);
    return TreeDef.LEAF;
  }
  const type = nodeTypeOf(x);
  if (type === "leaf") {
    out.push([[...path], x]);
    return TreeDef.LEAF;
  }
  if (type === "none") return TreeDef.none(x as null | undefined);
  if (depth > MAX_DEPTH) tooDeep();
  const d = depth + 1;
  const child = (key: KeyEntry, c: unknown): TreeDef => {
    path.push(key);
    const td = buildWithPath(c, out, path, isLeaf, d);
    path.pop();
    return td;
  };
  switch (type) {
    case "list": {
      const xs = x as unknown[];
      const kids = new Array<TreeDef>(xs.length);
      for (let i = 0; i < xs.length; i++) kids[i] = child(new SequenceKey(i), xs[i]);
      return TreeDef.list(kids);
    }
    case "dict": {
      const keys = sortedKeys(x as object);
      return TreeDef.dict(
        keys,
        keys.map((k) => child(new DictKey(k), (x as Record<string, unknown>)[k])),
      );
    }
    case "namedtuple": {
      const kids = fieldsOf(x).map((f) => child(new GetAttrKey(f), (x as Record<string, unknown>)[f]));
      return TreeDef.namedTuple(Object.getPrototypeOf(x) as object, kids);
    }
    default: {
      const [pairs, aux] = type.flattenWithKeys(x);
      return TreeDef.custom(
        type,
        aux,
        pairs.map(([k, c]) => child(k, c)),
      );
    }
  }
}

function collect(x: unknown, leaves: unknown[], isLeaf: IsLeafFn | undefined, depth: number): void {
  if (isLeaf !== undefined && isLeaf(x)) {
    leaves.push(x);
    return;
  }
  const type = nodeTypeOf(x);
  if (type === "leaf") {
    leaves.push(x);
    return;
  }
  if (type === "none") return;
  if (depth > MAX_DEPTH) tooDeep();
  const d = depth + 1;
  switch (type) {
    case "list": {
      const xs = x as unknown[];
      for (let i = 0; i < xs.length; i++) collect(xs[i], leaves, isLeaf, d);
      return;
    }
    case "dict":
      for (const k of sortedKeys(x as object)) collect((x as Record<string, unknown>)[k], leaves, isLeaf, d);
      return;
    case "namedtuple":
      for (const f of fieldsOf(x)) collect((x as Record<string, unknown>)[f], leaves, isLeaf, d);
      return;
    default:
      for (const c of type.flatten(x)[0]) collect(c, leaves, isLeaf, d);
  }
}

/** jax.tree.flatten: the leaves (left to right, dict keys sorted) and the structure. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function flatten<L = any>(t: unknown, isLeaf?: IsLeafFn): [L[], TreeDef] {
  checkIsLeaf(isLeaf);
  const leaves: unknown[] = [];
  const td = guarded(() => build(t, leaves, isLeaf ?? undefined, 0));
  return [leaves as L[], td];
}

/** jax.tree.leaves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function leaves<L = any>(t: unknown, isLeaf?: IsLeafFn): L[] {
  checkIsLeaf(isLeaf);
  const out: unknown[] = [];
  guarded(() => collect(t, out, isLeaf ?? undefined, 0));
  return out as L[];
}

/** jax.tree.structure. */
export function structure(t: unknown, isLeaf?: IsLeafFn): TreeDef {
  checkIsLeaf(isLeaf);
  return guarded(() => build(t, [], isLeaf ?? undefined, 0));
}

/** jax.tree.unflatten: rebuild a value of structure `treedef` from its leaves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function unflatten<T = any>(treedef: TreeDef, leaves: Iterable<unknown>): T {
  if (!(treedef instanceof TreeDef)) throw new ValueError(`unflatten expects a TreeDef as its first argument, got ${describe(treedef)}.`);
  if (leaves === null || typeof (leaves as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== "function") {
    throw new JaxTypeError(`unflatten expects an iterable of leaves, got ${describe(leaves)}.`);
  }
  return treedef.unflatten(leaves) as T;
}

/** The subtrees of `t` at the positions of `treedef`'s leaves; `treedef` must be a prefix of t's structure. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function flattenUpTo<L = any>(treedef: TreeDef, t: unknown): L[] {
  return treedef.flattenUpTo(t) as L[];
}

/** jax.tree.flatten_with_path: `[[path, leaf], ...]` and the structure; `keystr(path)` prints a path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function flattenWithPath<L = any>(t: unknown, isLeaf?: IsLeafWithPathFn): [Array<[KeyPath, L]>, TreeDef] {
  checkIsLeaf(isLeaf);
  const out: Array<[KeyPath, unknown]> = [];
  const td = guarded(() => buildWithPath(t, out, [], isLeaf ?? undefined, 0));
  return [out as Array<[KeyPath, L]>, td];
}

/** jax.tree.leaves_with_path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function leavesWithPath<L = any>(t: unknown, isLeaf?: IsLeafWithPathFn): Array<[KeyPath, L]> {
  return flattenWithPath<L>(t, isLeaf)[0];
}
