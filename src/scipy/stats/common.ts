// Shared plumbing of scipy.stats: operands promoted together with the
// loc/scale options (JAX's promote_args_inexact over the full signature:
// one float dtype and one rank, but no broadcast, so that work on scalar
// parameters, a beta's betaln, stays scalar), and the elementwise
// vocabulary the distributions are written in (jnp's, which broadcasts).
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import { broadcastShapesNamed } from "../../numpy/util.ts";
import { checkRankPromotion } from "../../numpy/promotion_flags.ts";
import * as jnp from "../../numpy/index.ts";
import { fullLike } from "../../lax/zeros.ts";
import { broadcastToRank } from "../../lax/api_extra.ts";
import { promoteDtypesInexact } from "../special/common.ts";

export interface LocScale {
  loc?: ArrayLike;
  scale?: ArrayLike;
}
export interface Loc {
  loc?: ArrayLike;
}

/** The shape operands then loc and scale, promoted together. */
export function withLocScale(name: string, opts: LocScale | undefined, ...xs: ArrayLike[]): NDArray[] {
  const { loc = 0, scale = 1 } = checkOptions(opts, name, ["loc", "scale"]);
  return promoteArgsInexact(name, ...xs, loc, scale);
}

/** The shape operands then loc, promoted together. */
export function withLoc(name: string, opts: Loc | undefined, ...xs: ArrayLike[]): NDArray[] {
  const { loc = 0 } = checkOptions(opts, name, ["loc"]);
  return promoteArgsInexact(name, ...xs, loc);
}

/**
 * JAX's promote_args_inexact: one float dtype; where operands of two or
 * more ranks (scalars aside) meet, each gains leading 1-dims to the
 * broadcast rank. Shapes are checked for broadcasting but not broadcast.
 */
export function promoteArgsInexact(name: string, ...xs: ArrayLike[]): NDArray[] {
  const out = promoteDtypesInexact(name, ...xs);
  const shape = broadcastShapesNamed(
    name,
    out.map((a) => a.shape),
  );
  const ranks = new Set(out.filter((a) => a.ndim > 0).map((a) => a.ndim));
  if (ranks.size < 2) return out;
  checkRankPromotion(
    name,
    out.map((a) => a.shape),
  );
  return out.map((a) => broadcastToRank(a, shape.length));
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
