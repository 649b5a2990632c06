// jnp.linalg.eig and eigvals on the eig primitive (right eigenvectors only),
// and jnp.roots as the eigenvalues of the companion matrix (as JAX).
import { isComplex, isFloat, defaultFloat } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { bind } from "../core/trace.ts";
import { eigP } from "../lax/linalg_eig.ts";
import { resultTuple } from "./result_tuple.ts";
import { asArray, namedResultType, toType } from "./util.ts";

/** promote_dtypes_inexact of one argument, complex kept. */
function inexactArg(name: string, a: ArrayLike): NDArray {
  const t = namedResultType(name, [a]);
  const dtype = isFloat(t.dtype) || isComplex(t.dtype) ? t.dtype : defaultFloat();
  return toType(asArray(a, name), dtype, false, name);
}

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
