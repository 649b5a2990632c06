// jnp's builtin ufuncs (JAX's 14: add, multiply, subtract, maximum, minimum,
// the logical and bitwise ones, logaddexp, logaddexp2, negative): the
// elementwise functions with their ufunc methods, reducing, accumulating and
// updating with the dedicated operations JAX uses (jnp.add.reduce is a sum,
// jnp.add.at a scatter-add, ...); the rest go through the generic loops.
import type { ArrayLike, Index, NDArray } from "../core/ndarray.ts";
import { cummax as laxCummax, cummin as laxCummin, reduceAnd, reduceOr } from "../lax/api.ts";
import * as el from "./elementwise.ts";
import { logaddexp2 as logaddexp2Fn } from "./math_extra.ts";
import { all, any, cumprod, cumsum, max, min, prod, sum } from "./reductions.ts";
import { expandDims } from "./shape.ts";
import { makeUfunc, type Ufunc } from "./ufunc.ts";

type Binary = (x: ArrayLike, y: ArrayLike) => NDArray;

const keep = (r: NDArray, axes: number[], keepdims: boolean) => (keepdims ? expandDims(r, axes) : r);

/** A reduction of ours that takes (x, axes, {keepdims}). */
const byReduction =
  (f: (x: ArrayLike, axis: number[], o: { keepdims: boolean }) => NDArray) =>
  (x: NDArray, axes: number[], keepdims: boolean): NDArray =>
    f(x, axes, { keepdims });

/** A bool array updated through int32 (JAX's add.at / multiply.at on bools). */
const viaInt32 = (x: NDArray, b: NDArray, update: (x: NDArray, b: NDArray) => NDArray): NDArray =>
  x.dtype === "bool" ? el.astype(update(el.astype(x, "int32"), el.astype(el.astype(b, "bool"), "int32")), "bool") : update(x, b);

/** log(Σ exp(x)) over axes, shifted by the maximum (JAX's _logsumexp; base 2 for logaddexp2). */
function logsumexp(base2: boolean) {
  return (x: NDArray, axes: number[], keepdims: boolean): NDArray => {
    const m = max(x, axes, { keepdims: true });
    const shift = el.where(el.isfinite(m), m, 0);
    const s = sum(base2 ? el.exp2(el.subtract(x, shift)) : el.exp(el.subtract(x, shift)), axes, { keepdims: true });
    const r = el.add(base2 ? el.log2(s) : el.log(s), shift);
    return keepdims ? r : r.reshape(x.shape.filter((_, i) => !axes.includes(i)));
  };
}

export const add: Ufunc<Binary> = makeUfunc(el.add, 2, 1, {
  name: "add",
  call: el.add,
  identity: 0,
  reduce: byReduction(sum),
  accumulate: (x, axis) => cumsum(x, axis),
  at: (x, idx: Index[], b) => viaInt32(x, b!, (u, v) => u.at(...idx).add(v)),
});
export const multiply: Ufunc<Binary> = makeUfunc(el.multiply, 2, 1, {
  name: "multiply",
  call: el.multiply,
  identity: 1,
  reduce: byReduction(prod),
  accumulate: (x, axis) => cumprod(x, axis),
  at: (x, idx: Index[], b) => viaInt32(x, b!, (u, v) => u.at(...idx).mul(v)),
});
export const subtract: Ufunc<Binary> = makeUfunc(el.subtract, 2, 1, {
  name: "subtract",
  call: el.subtract,
  at: (x, idx: Index[], b) => x.at(...idx).add(el.negative(b!)),
});
export const maximum: Ufunc<Binary> = makeUfunc(el.maximum, 2, 1, {
  name: "maximum",
  call: el.maximum,
  reduce: byReduction(max),
  accumulate: (x, axis) => laxCummax(x, axis),
  at: (x, idx: Index[], b) => x.at(...idx).max(b!),
});
export const minimum: Ufunc<Binary> = makeUfunc(el.minimum, 2, 1, {
  name: "minimum",
  call: el.minimum,
  reduce: byReduction(min),
  accumulate: (x, axis) => laxCummin(x, axis),
  at: (x, idx: Index[], b) => x.at(...idx).min(b!),
});
export const logicalAnd: Ufunc<Binary> = makeUfunc(el.logicalAnd, 2, 1, {
  name: "logical_and",
  call: el.logicalAnd,
  identity: true,
  reduce: byReduction(all),
});
export const logicalOr: Ufunc<Binary> = makeUfunc(el.logicalOr, 2, 1, {
  name: "logical_or",
  call: el.logicalOr,
  identity: false,
  reduce: byReduction(any),
});
export const logicalXor: Ufunc<Binary> = makeUfunc(el.logicalXor, 2, 1, {
  name: "logical_xor",
  call: el.logicalXor,
  identity: false,
  // An odd number of true values.
  reduce: (x, axes, keepdims) => el.notEqual(el.remainder(sum(el.astype(x, "bool"), axes, { keepdims }), 2), 0),
});
export const bitwiseAnd: Ufunc<Binary> = makeUfunc(el.bitwiseAnd, 2, 1, {
  name: "bitwise_and",
  call: el.bitwiseAnd,
  identity: -1,
  reduce: (x, axes, keepdims) => keep(reduceAnd(x, axes), axes, keepdims),
});
export const bitwiseOr: Ufunc<Binary> = makeUfunc(el.bitwiseOr, 2, 1, {
  name: "bitwise_or",
  call: el.bitwiseOr,
  identity: 0,
  reduce: (x, axes, keepdims) => keep(reduceOr(x, axes), axes, keepdims),
});
export const bitwiseXor: Ufunc<Binary> = makeUfunc(el.bitwiseXor, 2, 1, { name: "bitwise_xor", call: el.bitwiseXor, identity: 0 });
export const logaddexp: Ufunc<Binary> = makeUfunc(el.logaddexp, 2, 1, {
  name: "logaddexp",
  call: el.logaddexp,
  identity: -Infinity,
  reduce: logsumexp(false),
});
export const logaddexp2: Ufunc<Binary> = makeUfunc(logaddexp2Fn, 2, 1, {
  name: "logaddexp2",
  call: logaddexp2Fn,
  identity: -Infinity,
  reduce: logsumexp(true),
});
export const negative: Ufunc<(x: ArrayLike) => NDArray> = makeUfunc(el.negative, 1, 1, { name: "negative", call: el.negative });
