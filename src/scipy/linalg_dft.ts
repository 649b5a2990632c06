// jax.scipy.linalg.dft: the discrete Fourier transform matrix, computed as
// JAX does (exp(-2j pi a_i a_j / n) over a complex arange).
import { defaultComplex, type DType, isComplex, realDType } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { complex } from "../lax/complex_api.ts";
import * as jnp from "../numpy/index.ts";

/** dft(n, {scale, dtype}): the n x n DFT matrix, unscaled, or over sqrt(n) ("sqrtn") or n ("n"). */
export function dft(n: number, opts: { scale?: "sqrtn" | "n" | null; dtype?: DType | null } = {}): NDArray {
  checkOptions(opts, "dft", ["scale", "dtype"]);
  const scale = opts.scale ?? null;
  if (scale !== null && scale !== "sqrtn" && scale !== "n")
    throw new ValueError(`scale must be None, 'sqrtn', or 'n'; got '${String(scale)}'.`);
  const dtype = opts.dtype ?? defaultComplex();
  if (!isComplex(dtype)) throw new ValueError(`dtype must be a complex floating-point type; got ${dtype}.`);
  const a = jnp.arange(n, null, null, { dtype });
  const r = (v: number) => jnp.array(v, { dtype: realDType(dtype) });
  const c = jnp.multiply(complex(r(0), r(-2 * Math.PI)), jnp.reshape(a, [n, 1]));
  let omegas = jnp.exp(jnp.divide(jnp.multiply(c, jnp.reshape(a, [1, n])), n));
  if (scale === "sqrtn") omegas = jnp.divide(omegas, jnp.sqrt(n));
  else if (scale === "n") omegas = jnp.divide(omegas, n);
  return omegas;
}
