// jnp.sort and jnp.argsort over the sort primitive (argsort sorts an iota along).
import { reshape as laxReshape } from "../lax/api.ts";
import { checkOptions } from "../core/options.ts";
import { defaultInt } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { bind, bind1 } from "../core/trace.ts";
import { canonicalSortDim, sortP } from "../lax/sort.ts";
import { iotaP, revP } from "../lax/shape_ops.ts";
import { asArray } from "./util.ts";

export interface SortOpts {
  stable?: boolean;
  descending?: boolean;
}

/** Flatten for axis=null (NumPy sorts the raveled array), else canonicalize the axis. */
function prepare(name: string, a: ArrayLike, axis: number | null): [NDArray, number] {
  let arr = asArray(a, `${name} argument`);
  if (axis === null) {
    arr = laxReshape(arr, [arr.size]); // ravel: no copy of a 1-D array
    return [arr, 0];
  }
  return [arr, canonicalSortDim(axis, arr, name)];
}

/** jnp.sort(a, axis = -1, {stable, descending}); axis null sorts the flattened array. */
export function sort(a: ArrayLike, axis: number | null = -1, opts: SortOpts = {}): NDArray {
  checkOptions(opts, "sort", ["stable", "descending"]);
  const [arr, dim] = prepare("sort", a, axis);
  const out = bind(sortP, [arr], { dimension: dim, is_stable: opts.stable ?? true, num_keys: 1 })[0];
  return opts.descending ? bind1(revP, [out], { dimensions: [dim] }) : out;
}

/** jnp.argsort(a, axis = -1, {stable, descending}): indices that sort a (stable by default). */
export function argsort(a: ArrayLike, axis: number | null = -1, opts: SortOpts = {}): NDArray {
  checkOptions(opts, "argsort", ["stable", "descending"]);
  let [arr, dim] = prepare("argsort", a, axis);
  const stable = opts.stable ?? true;
  let iota = bind1(iotaP, [], { dtype: defaultInt(), shape: [...arr.shape], dimension: dim });
  // Stable descending: reverse first so equal elements keep their order once the result is reversed.
  if (opts.descending && stable) {
    arr = bind1(revP, [arr], { dimensions: [dim] });
    iota = bind1(revP, [iota], { dimensions: [dim] });
  }
  const idx = bind(sortP, [arr, iota], { dimension: dim, is_stable: stable, num_keys: 1 })[1];
  return opts.descending ? bind1(revP, [idx], { dimensions: [dim] }) : idx;
}
