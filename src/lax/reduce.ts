// Reductions (max, min, prod, and, or, xor), argmax / argmin and the
// cumulative reductions. reduce_sum is declared with broadcast_in_dim (its
// transpose) in broadcast.ts and re-exported here.
import type { ShapedArray } from "../core/aval.ts";
import { type DType, isFloat } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, type PrimitiveRules, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { reduceSumP, unreduce } from "./broadcast.ts";
import { associativeScan } from "./control/associative_scan.ts";
import {
  absP,
  addP,
  convertElementTypeP,
  divI,
  eqP,
  expP,
  log1pP,
  maxP,
  minP,
  mulI,
  mulP,
  negP,
  neP,
  selectNP,
  subP,
} from "./elementwise.ts";
import { jvpFlat } from "../transforms/jvp.ts";
import { reshapeP, transposeP } from "./layout.ts";
import { tuple } from "./print_params.ts";
import { zeroJvp } from "./rule_pieces.ts";
import { type AxesParams, batchReduce, checkAxes, defReduce, reducedAval } from "./reduce_def.ts";
import { padP } from "./shape_ops.ts";
import { full } from "./zeros.ts";

export { reduceSumP, unreduce } from "./broadcast.ts";

function chooserJvp(prim: () => Primitive<AxesParams>): PrimitiveRules<AxesParams>["jvp"] {
  return ([x], [t], params) => {
    const ans = bind1(prim(), [x], params);
    if (t instanceof Zero || !isFloat(x.dtype)) return [[ans], [new Zero(ans.aval.strongType())]];
    const axes = params.axes;
    // Tangent averaged over all positions that attain the extremum (as JAX does).
    const loc = bind1(convertElementTypeP, [bind1(eqP, [x, unreduce(ans, x.shape, axes)], {})], { new_dtype: x.dtype, weak_type: false });
    const counts = bind1(reduceSumP, [loc], { axes });
    const num = bind1(reduceSumP, [mulI(t, loc)], { axes });
    return [[ans], [divI(num, counts)]];
  };
}
export const reduceMaxP: Primitive<AxesParams> = defReduce("reduce_max", { jvp: chooserJvp(() => reduceMaxP) });
export const reduceMinP: Primitive<AxesParams> = defReduce("reduce_min", { jvp: chooserJvp(() => reduceMinP) });
// Boolean reductions have no derivative: a zero tangent, as JAX (reduce_or's
// linearization is a Zero; a bool operand's tangent is float0).
export const reduceAndP: Primitive<AxesParams> = defReduce("reduce_and", { kind: "bool", jvp: (...a) => zeroJvp(reduceAndP)(...a) });
export const reduceOrP: Primitive<AxesParams> = defReduce("reduce_or", { kind: "bool", jvp: (...a) => zeroJvp(reduceOrP)(...a) });
export const reduceXorP: Primitive<AxesParams> = defReduce("reduce_xor", { kind: "bool", jvp: (...a) => zeroJvp(reduceXorP)(...a) });

export const reduceProdP: Primitive<AxesParams> = defReduce("reduce_prod", {
  jvp([x], [t], params) {
    const ans = bind1(reduceProdP, [x], params);
    if (t instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    const axes = params.axes;
    // d prod = sum_i t_i * prod_{j != i} x_j, computed without dividing by x (zeros are fine).
    const others = productOfOthers(x, axes);
    return [[ans], [bind1(reduceSumP, [mulI(t, others)], { axes })]];
  },
});

/** For each element, the product of the other elements along `axes`. */
function productOfOthers(x: NDArray, axes: number[]): NDArray {
  // Move reduced axes last, flatten them into one, multiply exclusive
  // cumulative products from both ends, undo the moves.
  const keep = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...keep, ...axes];
  const xt = bind1(transposeP, [x], { permutation: perm });
  const n = axes.reduce((p, a) => p * x.shape[a], 1);
  const flat = bind1(reshapeP, [xt], { new_sizes: [...keep.map((i) => x.shape[i]), n], dimensions: null });
  const last = flat.ndim - 1;
  const o = mulI(exclusiveCumprod(flat, last, false), exclusiveCumprod(flat, last, true));
  const back = bind1(reshapeP, [o], { new_sizes: [...xt.shape], dimensions: null });
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return bind1(transposeP, [back], { permutation: inv });
}

function exclusiveCumprod(x: NDArray, axis: number, reverse: boolean): NDArray {
  const n = x.shape[axis];
  if (n === 0) return x;
  const inc = bind1(cumprodP, [x], { axis, reverse });
  // Shift by one along axis, filling with 1.
  const cfg = x.shape.map((_, i) => (i === axis ? (reverse ? [-1, 1, 0] : [1, -1, 0]) : [0, 0, 0]));
  return bind1(padP, [inc, full([], 1, x.dtype)], { padding_config: cfg });
}

// ---------- argmax / argmin ----------
export type ArgParams = AxesParams & { index_dtype: DType };

function defArg(name: string): Primitive<ArgParams> {
  const prim: Primitive<ArgParams> = new Primitive(name, {
    abstractEval([a], params) {
      const axes = params.axes;
      checkAxes(name, a, axes);
      if (axes.length !== 1) throw new ValueError(`${name} requires exactly one axis`);
      if (a.shape[axes[0]] === 0) throw new ValueError(`attempt to get ${name.replace("arg", "arg")} of an empty sequence`);
      return [reducedAval(a, axes, params.index_dtype, false)];
    },
    jvp([x], _t, params) {
      const ans = bind1(prim, [x], params);
      return [[ans], [new Zero(ans.aval)]];
    },
    batch: (a, d, p) => batchReduce(prim)(a, d, p),
    printParams: (p) => `axes=${tuple(p.axes)} index_dtype=${p.index_dtype}`,
  });
  return prim;
}
export const argmaxP = defArg("argmax");
export const argminP = defArg("argmin");

// ---------- cumulative ----------
export type CumulativeParams = { axis: number; reverse: boolean };
type CumulativeRules = PrimitiveRules<CumulativeParams>;

function defCumulative(name: string, jvp: CumulativeRules["jvp"], transpose?: CumulativeRules["transpose"]): Primitive<CumulativeParams> {
  const prim: Primitive<CumulativeParams> = new Primitive(name, {
    abstractEval([a], params) {
      const axis = params.axis;
      if (!Number.isInteger(axis)) throw new ValueError(`${name}: axis must be an integer, got ${describe(axis)}`);
      if (axis < 0 || axis >= a.ndim) throw new ValueError(`${name}: axis ${axis} is out of bounds for array of dimension ${a.ndim}`);
      return [a];
    },
    jvp,
    transpose,
    batch([x], [d], params) {
      const axis = params.axis;
      return [[bind1(prim, [x], { ...params, axis: axis >= d! ? axis + 1 : axis })], [d]];
    },
    printParams: (p) => `axis=${p.axis} reverse=${p.reverse ? "True" : "False"}`,
  });
  return prim;
}

export const cumsumP: Primitive<CumulativeParams> = defCumulative(
  "cumsum",
  ([x], [t], params) => {
    const ans = bind1(cumsumP, [x], params);
    return [[ans], [t instanceof Zero ? new Zero(ans.aval.strongType()) : bind1(cumsumP, [t], params)]];
  },
  ([ct], [x], params) => {
    if (ct instanceof Zero) return [new Zero((x as { aval: ShapedArray }).aval)];
    return [bind1(cumsumP, [ct], { ...params, reverse: !params.reverse })];
  },
);

/**
 * JAX's JVP of cumprod, cummax and cummin: the JVP of an associative scan of
 * the combining primitive, through that primitive's own rule. No division
 * (a zero in x gives exact tangents, not NaN), and ties of max and min split
 * the tangent as max's rule splits it, in the scan's order, as JAX's do.
 */
function scanJvp(combine: Primitive, prim: () => Primitive<CumulativeParams>): CumulativeRules["jvp"] {
  return ([x], [t], params) => {
    const ans = bind1(prim(), [x], params);
    if (t instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    const scan = (v: NDArray) =>
      associativeScan((a: NDArray, b: NDArray) => bind1(combine, [a, b], {}), v, { axis: params.axis, reverse: params.reverse });
    const [, [dy]] = jvpFlat((v) => [scan(v)], [x], [t]);
    return [[ans], [dy]];
  };
}
export const cumprodP: Primitive<CumulativeParams> = defCumulative(
  "cumprod",
  scanJvp(mulP, () => cumprodP),
);
export const cummaxP: Primitive<CumulativeParams> = defCumulative(
  "cummax",
  scanJvp(maxP, () => cummaxP),
);
export const cumminP: Primitive<CumulativeParams> = defCumulative(
  "cummin",
  scanJvp(minP, () => cumminP),
);
export const cumlogsumexpP: Primitive<CumulativeParams> = defCumulative("cumlogsumexp", ([x], [t], params) => {
  const ans = bind1(cumlogsumexpP, [x], params);
  if (t instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
  // As JAX: the JVP of an associative scan of logaddexp, here one scan over
  // (value, tangent) pairs. Each step weighs tangents by e^(a - out) <= 1, so
  // no spread of values overflows (one cumsum of e^x t / e^y would).
  const [, dy] = associativeScan(logaddexpJvp, [x, t], { axis: params.axis, reverse: params.reverse });
  return [[ans], [dy]];
});

/** logaddexp(a, b) and its tangent, as JAX's lax.logaddexp and its custom JVP. */
function logaddexpJvp([a, ta]: NDArray[], [b, tb]: NDArray[]): NDArray[] {
  const bin = (p: Primitive, u: NDArray, v: NDArray) => bind1(p, [u, v], {});
  const un = (p: Primitive, u: NDArray) => bind1(p, [u], {});
  const delta = bin(subP, a, b);
  // delta is NaN for NaNs or infinities of the same sign; then a + b is the answer.
  const stable = bin(addP, bin(maxP, a, b), un(log1pP, un(expP, un(negP, un(absP, delta)))));
  const out = bind1(selectNP, [bin(neP, delta, delta), stable, bin(addP, a, b)], {});
  // +inf read as 0 in the weights, as JAX's _replace_inf.
  const noInf = (v: NDArray) => bind1(selectNP, [bin(eqP, v, full(v.shape, Infinity, v.dtype)), v, full(v.shape, 0, v.dtype)], {});
  const weight = (v: NDArray) => un(expP, bin(subP, noInf(v), noInf(out)));
  return [out, bin(addP, mulI(ta, weight(a)), mulI(tb, weight(b)))];
}
