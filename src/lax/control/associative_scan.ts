// lax.associativeScan: the parallel odd/even prefix algorithm JAX uses
// (O(log n) depth of vectorised ops, never a sequential loop).
import type { CarryIn, Out } from "../../transforms/types.ts";
import { checkBoolOption, checkOptions } from "../../core/options.ts";
import { ValueError } from "../../core/errors.ts";
import type { NDArray } from "../../core/ndarray.ts";
import { checkCallable } from "../../core/scalar_args.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { bind1 } from "../../core/trace.ts";
import { addP, orP } from "../elementwise.ts";
import { full } from "../helpers.ts";
import { concatenateP, padP, revP, sliceP } from "../shape_ops.ts";
import * as tree from "../../tree/index.ts";
import { leavesOf } from "./common.ts";

function sliceInDim(x: NDArray, start: number, limit: number | null, stride: number, axis: number): NDArray {
  const n = x.shape[axis];
  const lim = limit === null ? n : limit < 0 ? n + limit : limit;
  const st = Math.min(start, lim);
  return bind1(sliceP, [x], {
    start_indices: x.shape.map((_, i) => (i === axis ? st : 0)),
    limit_indices: x.shape.map((d, i) => (i === axis ? lim : d)),
    strides: stride === 1 ? null : x.shape.map((_, i) => (i === axis ? stride : 1)),
  });
}

/** Interleave a and b along axis (a gives the even positions). */
function interleave(a: NDArray, b: NDArray, axis: number): NDArray {
  const same = a.shape[axis] === b.shape[axis];
  const aPad = a.shape.map((_, i) => (i === axis ? [0, same ? 1 : 0, 1] : [0, 0, 0]));
  const bPad = b.shape.map((_, i) => (i === axis ? [1, same ? 0 : 1, 1] : [0, 0, 0]));
  const op = a.dtype === "bool" ? orP : addP;
  const pa = bind1(padP, [a, full([], 0, a.dtype)], { padding_config: aPad });
  const pb = bind1(padP, [b, full([], 0, b.dtype)], { padding_config: bPad });
  return bind1(op, [pa, pb], {});
}

/**
 * lax.associative_scan: the inclusive scan of `elems` (a pytree of arrays of
 * equal length along `axis`) under the associative `fn(a, b)`, which combines
 * two pytrees of elems' structure elementwise.
 */
export function associativeScan<const T>(
  fn: (a: NoInfer<Out<T>>, b: NoInfer<Out<T>>) => NoInfer<CarryIn<Out<T>>>,
  elems: T,
  opts?: { reverse?: boolean; axis?: number },
): Out<T>;
export function associativeScan<T>(fn: (a: T, b: T) => T, elems: T, options?: { reverse?: boolean; axis?: number }): T {
  checkCallable(fn, "associativeScan", "fn");
  const opts = checkOptions(options, "associativeScan", ["reverse", "axis"]);
  checkBoolOption(opts.reverse, "associativeScan: reverse");
  const [flat0, td] = leavesOf(elems, "associative_scan elems");
  if (flat0.length === 0) return elems;
  const axis = normalizeAxis(opts.axis ?? 0, flat0[0].ndim, "associative_scan axis");
  const n = flat0[0].shape[axis];
  if (flat0.some((e) => e.shape[axis] !== n)) {
    throw new ValueError(
      `Array inputs to associative_scan must have the same first dimension. (saw: ${flat0.map((e) => JSON.stringify(e.shape)).join(", ")})`,
    );
  }
  let flat = opts.reverse ? flat0.map((e) => bind1(revP, [e], { dimensions: [axis] })) : flat0;
  const combine = (a: NDArray[], b: NDArray[]): NDArray[] => {
    const c = fn(tree.unflatten(td, a) as T, tree.unflatten(td, b) as T);
    const [cl, ct] = leavesOf(c, "associative_scan fn output");
    if (!ct.equals(td)) throw new ValueError(`associative_scan fn must return the structure of elems (${td}), got ${ct}`);
    return cl;
  };
  const scanRec = (es: NDArray[]): NDArray[] => {
    const m = es[0].shape[axis];
    if (m < 2) return es;
    const reduced = combine(
      es.map((e) => sliceInDim(e, 0, -1, 2, axis)),
      es.map((e) => sliceInDim(e, 1, null, 2, axis)),
    );
    const odd = scanRec(reduced);
    let even =
      m % 2 === 0
        ? combine(
            odd.map((e) => sliceInDim(e, 0, -1, 1, axis)),
            es.map((e) => sliceInDim(e, 2, null, 2, axis)),
          )
        : combine(
            odd,
            es.map((e) => sliceInDim(e, 2, null, 2, axis)),
          );
    even = es.map((e, i) => bind1(concatenateP, [sliceInDim(e, 0, 1, 1, axis), even[i]], { dimension: axis }));
    return even.map((e, i) => interleave(e, odd[i], axis));
  };
  flat = scanRec(flat);
  if (opts.reverse) flat = flat.map((e) => bind1(revP, [e], { dimensions: [axis] }));
  return tree.unflatten(td, flat) as T;
}
