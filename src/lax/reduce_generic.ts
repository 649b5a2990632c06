// lax.reduce with any monoid: operands and init values are matching pytrees
// and `computation(acc, x)` combines them. lax.add / mul / max / min / the
// bitwise ops with their identity as init run as the reduction primitives
// (as JAX's monoid reducers); any other computation is applied to slices of
// the operands, in order from the init value (as XLA's reduce on CPU), or
// pairwise for long axes. jit, grad and vmap follow from the ops used.
import { ArrayImpl } from "../core/array_impl.ts";
import { asOperand, scalarArray } from "../core/convert.ts";
import { isFloat } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkIntList } from "../core/scalar_args.ts";
import { normalizeAxis, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import type { Primitive } from "../core/primitive.ts";
import * as tree from "../tree/index.ts";
import { broadcastInDimP } from "./broadcast.ts";
import * as R from "./reduce.ts";
import type { AxesParams } from "./reduce_def.ts";
import { concatenateP, reshapeP, sliceP, transposeP } from "./shape_ops.ts";

/** A binary combining function; its parameter types are the caller's (arrays or pytrees of arrays). */
type Computation = (a: never, b: never) => unknown;
const call = (f: Computation, a: unknown, b: unknown): unknown => (f as (a: unknown, b: unknown) => unknown)(a, b);

/** The lax functions whose reductions are primitives (passed in by api_extra.ts, which sees the lax namespace). */
export interface Monoids {
  add: unknown;
  mul: unknown;
  max: unknown;
  min: unknown;
  bitwiseAnd: unknown;
  bitwiseOr: unknown;
  bitwiseXor: unknown;
}

/** The reduction primitive for a monoid whose identity `init` is, or null. */
function monoidReducer(m: Monoids, computation: Computation, init: NDArray): Primitive<AxesParams> | null {
  const { add, mul, max, min, bitwiseAnd, bitwiseOr, bitwiseXor } = m;
  if (!(init instanceof ArrayImpl) || init.ndim !== 0) return null;
  const v = Number(init.item());
  const dt = init.dtype;
  const lowest = isFloat(dt) ? -Infinity : dt === "uint32" ? 0 : dt === "bool" ? 0 : -2147483648;
  const highest = isFloat(dt) ? Infinity : dt === "uint32" ? 4294967295 : dt === "bool" ? 1 : 2147483647;
  if ((computation as unknown) === add && v === 0 && dt !== "bool") return R.reduceSumP;
  if ((computation as unknown) === mul && v === 1 && dt !== "bool") return R.reduceProdP;
  if ((computation as unknown) === max && v === lowest) return R.reduceMaxP;
  if ((computation as unknown) === min && v === highest) return R.reduceMinP;
  if (dt !== "bool") return null;
  if ((computation as unknown) === bitwiseAnd && v === 1) return R.reduceAndP;
  if ((computation as unknown) === bitwiseOr && v === 0) return R.reduceOrP;
  if ((computation as unknown) === bitwiseXor && v === 0) return R.reduceXorP;
  return null;
}

/** Sequential combination up to this many elements along the reduced axes; pairwise beyond. */
const SEQUENTIAL_MAX = 64;

/**
 * reduce(operands, initValues, computation, dimensions): operands reduced over
 * `dimensions` with `computation`, starting from initValues.
 */
export function reduce<T = NDArray>(
  operands: T,
  initValues: unknown,
  computation: Computation,
  dimensions: number[],
  monoids: Monoids | null = null,
): T {
  if (typeof computation !== "function") throw new JaxTypeError(`reduce computation must be a function, got ${typeof computation}`);
  const [xs, tdef] = tree.flatten<ArrayLike>(operands);
  const [inits, itdef] = tree.flatten<ArrayLike>(initValues);
  if (!tdef.equals(itdef)) throw new ValueError(`Operands must have the same tree structure as init_values: ${tdef} vs. ${itdef}`);
  if (xs.length === 0) throw new ValueError("reduce must have at least one operand.");
  const arrays = xs.map((x, i) => asOperand(x, `reduce operand ${i}`));
  const shape = arrays[0].shape;
  arrays.forEach((a) => {
    if (shapeStr(a.shape) !== shapeStr(shape))
      throw new ValueError(`reduce operands must all have the same shape, got ${shapeStr(a.shape)} and ${shapeStr(shape)}`);
  });
  const initArrays = inits.map((v, i) =>
    typeof v === "number" ? scalarArray(v, arrays[i].dtype, false) : asOperand(v, `reduce init_value ${i}`),
  );
  initArrays.forEach((v, i) => {
    if (v.ndim !== 0) throw new JaxTypeError(`reduce init_value ${i} must be a scalar, got shape ${shapeStr(v.shape)}`);
  });
  const dims = [
    ...new Set(checkIntList(dimensions, "reduce dimensions").map((d) => normalizeAxis(d, shape.length, "reduce dimensions"))),
  ].sort((a, b) => a - b);
  if (arrays.length === 1) {
    const p = monoids && monoidReducer(monoids, computation, initArrays[0]);
    if (p && initArrays[0].dtype === arrays[0].dtype) return tree.unflatten(tdef, [bind1(p, [arrays[0]], { axes: dims })]);
  }
  // Reduced axes last, flattened into one of length n.
  const keep = shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const outShape = keep.map((i) => shape[i]);
  const n = dims.reduce((p, d) => p * shape[d], 1);
  const flat = arrays.map((a) => {
    const t = bind1(transposeP, [a], { permutation: [...keep, ...dims] });
    return bind1(reshapeP, [t], { new_sizes: [...outShape, n], dimensions: null });
  });
  const last = outShape.length;
  const sliceAt = (a: NDArray, lo: number, hi: number, step = 1) =>
    bind1(sliceP, [a], {
      start_indices: a.shape.map((_, i) => (i === last ? lo : 0)),
      limit_indices: a.shape.map((d, i) => (i === last ? hi : d)),
      strides: a.shape.map((_, i) => (i === last ? step : 1)),
    });
  const squeezeLast = (a: NDArray) => bind1(reshapeP, [a], { new_sizes: [...outShape], dimensions: null });
  const combine = (a: NDArray[], b: NDArray[]): NDArray[] => {
    const r = call(computation, tree.unflatten(tdef, a), tree.unflatten(tdef, b));
    const [outs, otdef] = tree.flatten<ArrayLike>(r);
    if (!otdef.equals(tdef)) throw new ValueError(`reduce output must have the same tree structure as the operands ${tdef} vs. ${otdef}`);
    return outs.map((v) => asOperand(v));
  };
  let acc = initArrays.map((v) => bind1(broadcastInDimP, [v], { shape: [...outShape], broadcast_dimensions: [] }));
  if (n <= SEQUENTIAL_MAX) {
    for (let k = 0; k < n; k++) {
      acc = combine(
        acc,
        flat.map((a) => squeezeLast(sliceAt(a, k, k + 1))),
      );
    }
  } else {
    // Pairwise: neighbours combined, in order, until one remains (an odd last element carried over).
    let cur = flat;
    let len = n;
    while (len > 1) {
      const h = Math.floor(len / 2);
      const paired = combine(
        cur.map((a) => sliceAt(a, 0, 2 * h - 1, 2)),
        cur.map((a) => sliceAt(a, 1, 2 * h, 2)),
      );
      cur = len % 2 ? paired.map((p, i) => bind1(concatenateP, [p, sliceAt(cur[i], 2 * h, len)], { dimension: last })) : paired;
      len = h + (len % 2);
    }
    acc = combine(acc, cur.map(squeezeLast));
  }
  return tree.unflatten(tdef, acc);
}
