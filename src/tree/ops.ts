// Operations over whole pytrees: map (multi-tree), mapWithPath, reduce, all,
// transpose, broadcast, and the treedef helpers of jax.tree_util.
import type { LeafFn, LeafOf, MapLeaves } from "./types.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { flatten, flattenWithPath, leaves, structure, type IsLeafFn, type IsLeafWithPathFn } from "./flatten.ts";
import type { KeyPath } from "./keys.ts";
import { pyTruthy } from "./pyrepr.ts";
import { TreeDef } from "./treedef.ts";
import { prefixError } from "./prefix_error.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The subtrees of each `rest` tree at the first tree's leaves. A tree that
 * does not have the first's structure as its prefix raises JAX's pytree
 * structure error at the first key path where they differ.
 */
function restLeaves(treedef: TreeDef, first: unknown, rest: readonly unknown[], fname: string, isLeaf?: IsLeafFn): unknown[][] {
  return rest.map((r) => {
    try {
      return treedef.flattenUpTo(r);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      const err = prefixError(first, r, isLeaf);
      throw err ? err(`${fname} tree`) : e;
    }
  });
}

/**
 * jax.tree.map: `f` applied to each leaf of `t`, with the matching subtrees of
 * the `rest` trees as further arguments (each must have t's structure as a
 * prefix), rebuilt with t's structure.
 */
export function map<T, R>(f: LeafFn<NoInfer<LeafOf<T>>, R>, t: T, ...rest: unknown[]): MapLeaves<T, R>;
export function map(f: (...leaves: any[]) => unknown, t: unknown, ...rest: unknown[]): unknown {
  return mapWithOptions(f, [t, ...rest]);
}

export interface MapOptions {
  isLeaf?: IsLeafFn;
}

/** jax.tree.map with its keyword arguments: `mapWithOptions(f, [t, ...rest], { isLeaf })`. */
export function mapWithOptions<R = any>(f: (...leaves: any[]) => unknown, trees: readonly unknown[], opts: MapOptions = {}): R {
  if (typeof f !== "function") throw new JaxTypeError(`tree.map: the function to map must be a function, got ${describe(f)}.`);
  if (trees.length === 0) throw new JaxTypeError("tree.map: expected at least one tree.");
  const [first, td] = flatten(trees[0], opts.isLeaf);
  const others = restLeaves(td, trees[0], trees.slice(1), "tree.map", opts.isLeaf);
  const out = first.map((x, i) => f(x, ...others.map((o) => o[i])));
  return td.unflatten(out) as R;
}

/** jax.tree.map_with_path: `f(path, leaf, ...restSubtrees)`. */
export function mapWithPath<R = any>(f: (path: KeyPath, ...leaves: any[]) => unknown, t: unknown, ...rest: unknown[]): R {
  return mapWithPathOptions<R>(f, [t, ...rest]);
}

export interface MapWithPathOptions {
  isLeaf?: IsLeafWithPathFn;
}

/** jax.tree.map_with_path with its keyword arguments. */
export function mapWithPathOptions<R = any>(
  f: (path: KeyPath, ...leaves: any[]) => unknown,
  trees: readonly unknown[],
  opts: MapWithPathOptions = {},
): R {
  if (typeof f !== "function") throw new JaxTypeError(`tree.mapWithPath: the function to map must be a function, got ${describe(f)}.`);
  if (trees.length === 0) throw new JaxTypeError("tree.mapWithPath: expected at least one tree.");
  const [first, td] = flattenWithPath(trees[0], opts.isLeaf);
  const others = restLeaves(td, trees[0], trees.slice(1), "tree.mapWithPath");
  const out = first.map(([path, x], i) => f(path, x, ...others.map((o) => o[i])));
  return td.unflatten(out) as R;
}

/**
 * jax.tree.reduce: `f` folded over the leaves, left to right; without an
 * initializer the first leaf starts the fold (and an empty tree throws).
 */
export function reduce<A = any>(f: (acc: A, leaf: any) => A, t: unknown): A;
export function reduce<A = any>(f: (acc: A, leaf: any) => A, t: unknown, initializer: A, isLeaf?: IsLeafFn): A;
export function reduce<A = any>(f: (acc: A, leaf: any) => A, t: unknown, ...init: [A?, IsLeafFn?]): A {
  if (typeof f !== "function") throw new JaxTypeError(`tree.reduce: the function to fold with must be a function, got ${describe(f)}.`);
  const ls = leaves(t, init[1]);
  if (init.length === 0) {
    if (ls.length === 0) throw new JaxTypeError("reduce() of empty iterable with no initial value");
    return ls.slice(1).reduce((acc: A, x) => f(acc, x), ls[0] as A);
  }
  return ls.reduce((acc: A, x) => f(acc, x), init[0] as A);
}

/** jax.tree.all: every leaf is truthy (array leaves convert like Python's bool(x)). */
export function all(t: unknown, isLeaf?: IsLeafFn): boolean {
  for (const x of leaves(t, isLeaf)) if (!pyTruthy(x)) return false;
  return true;
}

/**
 * jax.tree.transpose: a tree of structure outer∘inner becomes inner∘outer.
 * `inner` may be null: it is then read off the first outer leaf's subtree.
 */
export function transpose<R = any>(outer: TreeDef, inner: TreeDef | null | undefined, t: unknown): R {
  if (!(outer instanceof TreeDef)) throw new JaxTypeError(`tree.transpose: outer_treedef must be a TreeDef, got ${describe(outer)}.`);
  if (inner !== null && inner !== undefined && !(inner instanceof TreeDef)) {
    throw new JaxTypeError(`tree.transpose: inner_treedef must be a TreeDef or null, got ${describe(inner)}.`);
  }
  const [flat, td] = flatten(t);
  const innerDef = inner ?? structure(outer.flattenUpTo(t)[0]);
  const innerSize = innerDef.numLeaves;
  const outerSize = outer.numLeaves;
  if (td.numLeaves !== innerSize * outerSize) {
    throw new JaxTypeError(`Mismatch\n${td}\n != \n${outer.compose(innerDef)}`);
  }
  const columns: unknown[] = [];
  for (let j = 0; j < innerSize; j++) {
    const col: unknown[] = [];
    for (let i = 0; i < outerSize; i++) col.push(flat[i * innerSize + j]);
    columns.push(outer.unflatten(col));
  }
  return innerDef.unflatten(columns) as R;
}

/** For each leaf of `full`, the leaf of `prefix` above it (JAX's broadcast_prefix). */
export function broadcastPrefix(prefix: unknown, full: unknown, isLeaf?: IsLeafFn): any[] {
  const [pl, ptd] = flatten(prefix, isLeaf);
  const subtrees = restLeaves(ptd, prefix, [full], "broadcastPrefix", isLeaf)[0];
  const out: unknown[] = [];
  subtrees.forEach((s, i) => {
    const n = structure(s).numLeaves;
    for (let k = 0; k < n; k++) out.push(pl[i]);
  });
  return out;
}

/** jax.tree.broadcast: `prefix`'s leaves copied into every leaf of the matching subtree of `full`. */
export function broadcast<R = any>(prefix: unknown, full: unknown, isLeaf?: IsLeafFn): R {
  return structure(full).unflatten(broadcastPrefix(prefix, full, isLeaf)) as R;
}

/** jax.tree_util.all_leaves: no element of `xs` is a pytree container (or None). */
export function allLeaves(xs: Iterable<unknown>, isLeaf?: IsLeafFn): boolean {
  for (const x of xs) if (!structure(x, isLeaf).isLeaf()) return false;
  return true;
}

/** jax.tree_util.treedef_children. */
export function treedefChildren(treedef: TreeDef): TreeDef[] {
  return treedef.children();
}

/** jax.tree_util.treedef_is_leaf: a single node, so `*` or `None`. */
export function treedefIsLeaf(treedef: TreeDef): boolean {
  return treedef.numNodes === 1;
}

/** A single leaf `*` (not None). */
export function treedefIsStrictLeaf(treedef: TreeDef): boolean {
  return treedef.numNodes === 1 && treedef.numLeaves === 1;
}

/** jax.tree_util.treedef_tuple. JS has no tuples, so this is the treedef of a JS array of the given structures. */
export function treedefTuple(treedefs: Iterable<TreeDef>): TreeDef {
  return TreeDef.list([...treedefs]);
}

/** True if `prefix` is a tree prefix of `full` (what flattenUpTo requires). */
export function treedefIsPrefix(prefix: TreeDef, full: TreeDef): boolean {
  return prefix.isPrefixOf(full);
}
