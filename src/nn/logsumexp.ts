// logsumexp, as JAX's jax.nn.logsumexp (which is jax.scipy.special's): the
// weights b, a where mask and the sign of the sum. nn/index.ts keeps a
// compiled path for the plain call; scipy.special re-exports this.
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { isComplex } from "../core/dtypes.ts";
import { checkBoolOption, checkOptions } from "../core/options.ts";
import { normalizeAxes } from "../core/shape.ts";
import { stopGradient } from "../lax/api.ts";
import { fullLike } from "../lax/zeros.ts";
import * as jnp from "../numpy/index.ts";
import { asArray } from "../numpy/util.ts";
import { inexact } from "../scipy/special/common.ts";

type Axis = number | number[] | null;

/** x strongly typed: JAX's logsumexp and softmax results never are weak. */
export const strong = (x: NDArray): NDArray => (x.weakType ? x.astype(x.dtype) : x);

export interface LogsumexpOptions {
  b?: ArrayLike | null;
  keepdims?: boolean;
  returnSign?: boolean;
  where?: ArrayLike | null;
}

/** log(sum(b * exp(a))) over `axis`; with returnSign, [log|sum|, sign(sum)]. */
export function logsumexp(a: ArrayLike, axis?: Axis, opts?: LogsumexpOptions & { returnSign?: false }): NDArray;
export function logsumexp(a: ArrayLike, axis: Axis | undefined, opts: LogsumexpOptions & { returnSign: true }): [NDArray, NDArray];
export function logsumexp(a: ArrayLike, axis?: Axis, opts?: LogsumexpOptions): NDArray | [NDArray, NDArray];
export function logsumexp(a: ArrayLike, axis: Axis = null, opts?: LogsumexpOptions): NDArray | [NDArray, NDArray] {
  const o = checkOptions(opts, "logsumexp", ["b", "keepdims", "returnSign", "where"]);
  const keepdims = checkBoolOption(o.keepdims, "logsumexp keepdims") ?? false;
  const returnSign = checkBoolOption(o.returnSign, "logsumexp returnSign") ?? false;
  const hasB = o.b !== undefined && o.b !== null;
  const where = o.where === undefined || o.where === null ? null : asArray(o.where, "logsumexp where");
  let x = where ? jnp.where(where, a, 0) : asArray(a, "logsumexp argument");
  let b: NDArray | null = null;
  if (hasB) {
    [x, b] = inexact("logsumexp", x, o.b as ArrayLike);
    x = jnp.where(jnp.notEqual(b, 0), x, -Infinity);
  } else x = inexact("logsumexp", x)[0];
  const dims = normalizeAxes(axis, x.ndim, "logsumexp axis");
  // Complex inputs shift by the largest real part; their log keeps the sum's phase (unless returnSign).
  const complexIn = isComplex(x.dtype);
  const re = complexIn ? jnp.real(x) : x;
  const masked = where ? jnp.where(where, re, -Infinity) : re;
  // initial -inf, as JAX's: an empty axis sums to log(0) = -inf.
  let amax = dims.length ? jnp.max(masked, dims, { keepdims, initial: -Infinity }) : masked;
  amax = stopGradient(jnp.where(jnp.isfinite(amax), amax, fullLike(amax, 0)));
  const amaxDims = keepdims ? amax : jnp.expandDims(amax, dims);
  let e = jnp.exp(jnp.subtract(x, amaxDims.astype(x.dtype)));
  if (b) e = jnp.multiply(e, b);
  if (where) e = jnp.where(where, e, 0);
  const s = dims.length ? jnp.sum(e, dims, { keepdims }) : e;
  // JAX's max with initial=-inf is strongly typed, and so are both results.
  const sign = strong(jnp.sign(s));
  const magnitude = returnSign || !complexIn ? jnp.abs(s) : s;
  let out = strong(jnp.add(jnp.log(magnitude), amax.astype(magnitude.dtype)));
  if (returnSign) return [out, sign];
  if (hasB && !complexIn) out = jnp.where(jnp.less(sign, 0), NaN, out);
  return out;
}
