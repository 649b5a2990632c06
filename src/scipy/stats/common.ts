// Shared plumbing of scipy.stats: operands promoted together with the
// loc/scale options (JAX's promote_args_inexact over the full signature),
// and the elementwise vocabulary the distributions are written in.
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import * as jnp from "../../numpy/index.ts";
import { fullLike } from "../../lax/zeros.ts";
import { inexact } from "../special/common.ts";

export interface LocScale {
  loc?: ArrayLike;
  scale?: ArrayLike;
}
export interface Loc {
  loc?: ArrayLike;
}

/** The shape operands then loc and scale, promoted and broadcast together. */
export function withLocScale(name: string, opts: LocScale | undefined, ...xs: ArrayLike[]): NDArray[] {
  const { loc = 0, scale = 1 } = checkOptions(opts, name, ["loc", "scale"]);
  return inexact(name, ...xs, loc, scale);
}

/** The shape operands then loc, promoted and broadcast together. */
export function withLoc(name: string, opts: Loc | undefined, ...xs: ArrayLike[]): NDArray[] {
  const { loc = 0 } = checkOptions(opts, name, ["loc"]);
  return inexact(name, ...xs, loc);
}

export const add = jnp.add;
export const sub = jnp.subtract;
export const mul = jnp.multiply;
export const div = jnp.divide;
export const neg = jnp.negative;
export const where = jnp.where;
export const log = jnp.log;
export const exp = jnp.exp;
export const log1p = jnp.log1p;
export const expm1 = jnp.expm1;
export const lt = jnp.less;
export const le = jnp.lessEqual;
export const gt = jnp.greater;
export const ge = jnp.greaterEqual;
export const eq = jnp.equal;
export const or = jnp.logicalOr;
export const and = jnp.logicalAnd;
export const isnan = jnp.isnan;

/** lax.clamp(lo, x, hi) with constant bounds. */
export const clamp = (lo: number, x: NDArray, hi: number): NDArray => jnp.minimum(jnp.maximum(x, lo), hi);

/** JAX's _lax_const: a JS number (weak) beside a weak scalar, else a strongly typed scalar of x's dtype. */
export const konst = (x: NDArray, v: number): ArrayLike => (x.weakType && x.ndim === 0 ? v : jnp.array(v, { dtype: x.dtype }));

/** An array like x filled with v, keeping x's weak type (as JAX's full_like). */
export const filled = (x: NDArray, v: number): NDArray => fullLike(x, v);
