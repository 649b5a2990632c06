// How a reduction primitive is declared: the axes check, the reduced aval,
// the batching rule and the printed params, shared by reduce_sum
// (broadcast.ts) and the other reductions (reduce.ts).
import { ShapedArray } from "../core/aval.ts";
import type { DType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, Primitive, type PrimitiveRules } from "../core/primitive.ts";
import { checkIntList } from "../core/scalar_args.ts";
import { flag } from "../core/flags_state.ts";
import { shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { tuple } from "./print_params.ts";

/** The reduced axes (reductions) or the one axis (argmax / argmin, with the index dtype). */
export type AxesParams = { axes: number[] };

export function checkAxes(name: string, a: ShapedArray, axes: number[]): void {
  checkIntList(axes, `${name} axes`);
  for (const ax of axes) {
    if (!Number.isInteger(ax) || ax < 0 || ax >= a.ndim) {
      throw new ValueError(`${name}: axis ${ax} is out of bounds for array of dimension ${a.ndim} (shape ${shapeStr(a.shape)})`);
    }
  }
  if (new Set(axes).size !== axes.length) throw new ValueError(`${name}: duplicate value in axes ${tuple(axes)}`);
}

export function reducedAval(a: ShapedArray, axes: number[], dtype: DType = a.dtype, weak = a.weakType): ShapedArray {
  return new ShapedArray(
    a.shape.filter((_, i) => !axes.includes(i)),
    dtype,
    weak,
  );
}

/** Batch a reduction over `axes`: shift the axes past the batch dim, which survives. */
export function batchReduce<P extends AxesParams>(prim: Primitive<P>) {
  return ([x]: NDArray[], [d]: BatchDim[], params: P): [NDArray[], BatchDim[]] => {
    const axes = params.axes.map((a) => (a >= d! ? a + 1 : a));
    const outD = d! - axes.filter((a) => a < d!).length;
    return [[bind1(prim, [x], { ...params, axes })], [outD]];
  };
}

export interface ReduceOpts {
  /** "bool": the operand must be boolean (reduce_and / or / xor). */
  kind?: "bool" | "num";
  /** Required: a reduction without a derivative says so with a zero-tangent rule. */
  jvp: PrimitiveRules<AxesParams>["jvp"];
  transpose?: PrimitiveRules<AxesParams>["transpose"];
}

/** allowF16Reductions(false): reduce_sum over a non-unit float16/bfloat16 axis raises, as JAX's. */
function checkF16Reduction(a: ShapedArray, axes: readonly number[]): void {
  if ((a.dtype === "float16" || a.dtype === "bfloat16") && !flag("allowF16Reductions") && !axes.every((d) => a.shape[d] === 1)) {
    throw new ValueError(`reduce_sum on operand ${a.dtype}[${a.shape.join(",")}] is not allowed when jax_allow_f16_reductions=False.`);
  }
}

export function defReduce(name: string, opts: ReduceOpts): Primitive<AxesParams> {
  const prim: Primitive<AxesParams> = new Primitive(name, {
    abstractEval([a], params) {
      const axes = params.axes;
      checkAxes(name, a, axes);
      if (opts.kind === "bool" && a.dtype !== "bool") throw new JaxTypeError(`${name} requires a boolean operand, got ${a.dtype}`);
      if (name === "reduce_sum") checkF16Reduction(a, axes);
      return [reducedAval(a, axes)];
    },
    jvp: opts.jvp,
    transpose: opts.transpose,
    batch: (a, d, p) => batchReduce(prim)(a, d, p),
    printParams: (p) => `axes=${tuple(p.axes)}`,
  });
  return prim;
}
