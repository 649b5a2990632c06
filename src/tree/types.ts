// Static types of pytrees: the leaf type of a tree and a tree with its leaves
// replaced. Containers are JS arrays (tuples too), plain objects and
// namedTuple instances; null and undefined are empty subtrees; anything else
// (arrays, numbers, strings) is a leaf. Whether an instance of another class
// is a leaf or a registered node is known only at run time: its leaves are `any`.
import type { NDArray } from "../core/ndarray.ts";
import type { NamedTupleInstance } from "./namedtuple.ts";

type IsAny<T> = 0 extends 1 & T ? true : false;
type Fn = (...args: never[]) => unknown;
type HasMethods<T> = { [K in keyof T]-?: IsAny<T[K]> extends true ? never : T[K] extends Fn ? K : never }[keyof T] extends never
  ? false
  : true;

/** The union of the leaf types of a pytree type. */
export type LeafOf<T> =
  IsAny<T> extends true
    ? any
    : T extends null | undefined
      ? never
      : T extends NDArray
        ? T
        : T extends NamedTupleInstance<infer U>
          ? LeafOf<U>
          : T extends readonly unknown[]
            ? LeafOf<T[number]>
            : T extends Fn
              ? T
              : T extends object
                ? HasMethods<T> extends true
                  ? any
                  : LeafOf<T[keyof T]>
                : T;

/** T with every leaf replaced by R (the result of tree.map). */
export type MapLeaves<T, R> =
  IsAny<T> extends true
    ? any
    : T extends null | undefined
      ? T
      : T extends NDArray
        ? R
        : T extends NamedTupleInstance<infer U>
          ? NamedTupleInstance<MapLeaves<U, R>>
          : T extends readonly unknown[]
            ? { -readonly [K in keyof T]: MapLeaves<T[K], R> }
            : T extends Fn
              ? R
              : T extends object
                ? HasMethods<T> extends true
                  ? any
                  : { -readonly [K in keyof T]: MapLeaves<T[K], R> }
                : R;

/** A callback type whose parameters are checked bivariantly (a leaf annotated more narrowly than LeafOf is accepted). */
export type LeafFn<L, R> = { bivariant(leaf: L, ...rest: any[]): R }["bivariant"];
