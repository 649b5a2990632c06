// scipy.special's error-function family: erf, erfc, erfinv, erfcx, ndtr,
// ndtri, log_ndtr, dawsn.
import { JaxTypeError, ValueError } from "../../core/errors.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import { bind1 } from "../../core/trace.ts";
import * as E from "../../lax/elementwise.ts";
import * as SP from "../../lax/special.ts";
import * as jnp from "../../numpy/index.ts";
import { asArray } from "../../numpy/util.ts";
import { viaPrim } from "./common.ts";
import { wofzC } from "./wofz.ts";
import { isComplex } from "../../core/dtypes.ts";
import { complex, imag, real } from "../../lax/complex_api.ts";

export const erf = viaPrim("erf", E.erfP);
export const erfc = viaPrim("erfc", SP.erfcP);
export const erfinv = viaPrim("erfinv", E.erfInvP);
const erfcxReal = viaPrim("erfcx", SP.erfcxP);

/** erfcx(x) = exp(x^2) erfc(x); complex x through the Faddeeva function, erfcx(z) = w(iz). */
export function erfcx(x: ArrayLike): NDArray {
  const a = asArray(x, "erfcx argument");
  if (!isComplex(a.dtype)) return erfcxReal(x);
  return wofzC(complex(jnp.negative(imag(a)), real(a)));
}
export const dawsn = viaPrim("dawsn", SP.dawsnP);
export const ndtri = viaPrim("ndtri", SP.ndtriP);

/** ndtr and log_ndtr take float32 or float64 arrays only, as JAX's. */
function floatOnly(name: string, x: ArrayLike, what = "x"): NDArray {
  const a = asArray(x, `${name} argument`);
  if (a.dtype !== "float32" && a.dtype !== "float64") {
    throw new JaxTypeError(`${name}: ${what}.dtype=${a.dtype} is not supported, see docstring for supported types.`);
  }
  return a;
}

/** ndtr by JAX's composition of erf and erfc. */
export function ndtrI(x: NDArray): NDArray {
  const hs2 = Math.SQRT1_2;
  const w = jnp.multiply(x, hs2);
  const z = jnp.abs(w);
  const ec = bind1(SP.erfcP, [z], {});
  const y = jnp.where(jnp.less(z, hs2), jnp.add(1, bind1(E.erfP, [w], {})), jnp.where(jnp.greater(w, 0), jnp.subtract(2, ec), ec));
  // JAX's constant here is a NumPy scalar: the result is never weakly typed.
  return jnp.multiply(jnp.array(0.5, { dtype: x.dtype }), y);
}

export function ndtr(x: ArrayLike): NDArray {
  return ndtrI(floatOnly("ndtr", x));
}

export interface LogNdtrOptions {
  seriesOrder?: number;
}

/**
 * log ndtr(x). The wasm kernels compute JAX's float32 algorithm with its
 * series_order; the reference kernels and WebGPU's are accurate at any order.
 */
export function logNdtr(x: ArrayLike, opts?: LogNdtrOptions): NDArray {
  const { seriesOrder = 3 } = checkOptions(opts, "log_ndtr", ["seriesOrder"]);
  if (!Number.isInteger(seriesOrder)) throw new JaxTypeError("series_order must be a Python integer.");
  if (seriesOrder < 0) throw new ValueError("series_order must be non-negative.");
  if (seriesOrder > 30) throw new ValueError("series_order must be <= 30.");
  return bind1(SP.logNdtrP, [floatOnly("log_ndtr", x)], { seriesOrder });
}
