// jnp.linalg.eig and eigvals on the eig primitive (right eigenvectors only),
// and jnp.roots as the eigenvalues of the companion matrix (as JAX).
import { complexDType, realDType } from "../core/dtypes.ts";
import { ConcretizationTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { bind, bind1, isTracer } from "../core/trace.ts";
import { complexP } from "../lax/complex.ts";
import { eigP } from "../lax/linalg_eig.ts";
import { sliceP } from "../lax/shape_ops.ts";
import { sortP } from "../lax/sort.ts";
import { arange, eye, full, zeros } from "./creation.ts";
import { add, divide, equal, less, negative, remainder, subtract, where } from "./elementwise.ts";
import { all, argmin } from "./reductions.ts";
import { concatenate, reshape } from "./shape.ts";
import { take } from "./take.ts";
import { resultTuple } from "./result_tuple.ts";
import { inexactOrComplex } from "./linalg_solve.ts";

/** promote_dtypes_inexact of one argument, complex kept. */
const inexactArg = (name: string, a: ArrayLike): NDArray => inexactOrComplex(name, a)[0];

const params = (right: boolean) => ({
  compute_left_eigenvectors: false,
  compute_right_eigenvectors: right,
  enable_eigvec_derivs: false,
  implementation: null,
});

/** jnp.linalg.eig: [eigenvalues, eigenvectors] (complex), column v[..., :, i] belonging to w[..., i]. */
export function eig(a: ArrayLike): NDArray[] & { eigenvalues: NDArray; eigenvectors: NDArray } {
  const [w, v] = bind(eigP, [inexactArg("jnp.linalg.eig", a)], params(true));
  return resultTuple({ eigenvalues: w, eigenvectors: v });
}

/** jnp.linalg.eigvals: the eigenvalues of a general matrix (complex). */
export function eigvals(a: ArrayLike): NDArray {
  return bind(eigP, [inexactArg("jnp.linalg.eigvals", a)], params(false))[0];
}

/** Eigenvalues of the companion matrix of p (no leading zeros): the roots of the polynomial. */
function rootsNoZeros(p: NDArray): NDArray {
  const n = p.shape[0];
  const cdt = complexDType(p.dtype);
  if (n < 2) return zeros([0], { dtype: cdt });
  const top = reshape(negative(divide(sliceP1(p, 1, n), sliceP1(p, 0, 1))), [1, n - 1]);
  const below = concatenate([eye(n - 2, null, 0, { dtype: p.dtype }), zeros([n - 2, 1], { dtype: p.dtype })], 1);
  return eigvals(concatenate([top, below], 0));
}

const sliceP1 = (p: NDArray, start: number, stop: number) =>
  bind1(sliceP, [p], { start_indices: [start], limit_indices: [stop], strides: null });

/**
 * jnp.roots(p): the roots of the polynomial with coefficients p (highest
 * power first), complex. Leading zeros are dropped (`stripZeros`, the
 * default, needs p concrete); without it the roots they would remove are NaN.
 */
export function roots(p: ArrayLike, opts: { stripZeros?: boolean } = {}): NDArray {
  checkOptions(opts, "roots", ["stripZeros"]);
  let P = inexactArg("roots", p);
  if (P.ndim === 0) P = reshape(P, [1]);
  if (P.ndim !== 1) throw new ValueError("Input must be a rank-1 array.");
  const n = P.shape[0];
  const cdt = complexDType(P.dtype);
  if (n < 2) return zeros([0], { dtype: cdt });
  const isZero = equal(P, 0);
  const lead = where(all(isZero), n, argmin(isZero));
  if (opts.stripZeros ?? true) {
    if (isTracer(lead)) {
      throw new ConcretizationTypeError(
        "The error occurred in the jnp.roots() function. To use this within a JIT-compiled context, pass strip_zeros=False, but be aware that leading zeros will result in some returned roots being set to NaN.",
      );
    }
    const k = Number(lead.dataSync()[0]);
    return rootsNoZeros(sliceP1(P, k, n));
  }
  // Leading zeros rolled to the end; the zero roots they give sorted last and replaced by NaN.
  const safe = where(equal(lead, n), full([n], 1, { dtype: P.dtype }), P);
  const rolled = take(safe, remainder(add(arange(n), lead), n));
  const r = rootsNoZeros(rolled);
  const sorted = bind(sortP, [equal(r, 0), r], { dimension: 0, is_stable: true, num_keys: 1 })[1];
  const m = n - 1;
  const nanR = full([m], NaN, { dtype: realDType(cdt) });
  const nanC = bind1(complexP, [nanR, nanR], {});
  return where(less(arange(m), subtract(m, lead)), sorted, nanC);
}
