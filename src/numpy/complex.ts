// jnp's complex-number functions: real, imag, conj(ugate), angle and the
// iscomplex/isreal family, as JAX defines them (real inputs pass through).
import { typeOfValue } from "../core/convert.ts";
import { isComplex, isInexact, toInexactDType } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { bind1 } from "../core/trace.ts";
import { conjP, imagP, realP } from "../lax/complex.ts";
import * as E from "../lax/elementwise.ts";
import { convert, full } from "../lax/helpers.ts";
import { asArray } from "./util.ts";
import { astype } from "./elementwise.ts";
import { sort } from "./sorting.ts";
import { type DTypeObject, dtypeObject } from "./dtype_objects.ts";

/** The real part (the array itself for real input). */
export function real(x: ArrayLike): NDArray {
  const a = asArray(x, "real argument");
  return isComplex(a.dtype) ? bind1(realP, [a], {}) : a;
}
/** The imaginary part (zeros of the input's dtype for real input). */
export function imag(x: ArrayLike): NDArray {
  const a = asArray(x, "imag argument");
  return isComplex(a.dtype) ? bind1(imagP, [a], {}) : full(a.shape, 0, a.dtype, a.weakType);
}
/** The complex conjugate (the array itself for real input). */
export function conjugate(x: ArrayLike): NDArray {
  const a = asArray(x, "conjugate argument");
  return isComplex(a.dtype) ? bind1(conjP, [a], { input_dtype: a.dtype }) : a;
}
export const conj = conjugate;

/** The argument of each complex number, in radians (degrees with `deg`). */
export function angle(z: ArrayLike, opts: { deg?: boolean } = {}): NDArray {
  checkOptions(opts, "angle", ["deg"]);
  const a = asArray(z, "angle argument");
  let re = real(a);
  let im = imag(a);
  if (!isInexact(re.dtype) || (!isComplex(a.dtype) && a.ndim === 0)) {
    // JAX converts with lax.convert_element_type: the parts, and so the angle, are strongly typed.
    const d = toInexactDType(re.dtype, re.weakType);
    re = convert(re, d, false);
    im = convert(im, d, false);
  }
  const r = bind1(E.atan2P, [im, re], {});
  return opts.deg ? bind1(E.mulP, [r, full(r.shape, 180 / Math.PI, r.dtype, r.weakType)], {}) : r;
}

/** Elementwise: whether the imaginary part is nonzero. */
export function iscomplex(x: ArrayLike): NDArray {
  const i = imag(x);
  return bind1(E.neP, [i, full(i.shape, 0, i.dtype, i.weakType)], {});
}
/** Elementwise: whether the imaginary part is zero. */
export function isreal(x: ArrayLike): NDArray {
  const i = imag(x);
  return bind1(E.eqP, [i, full(i.shape, 0, i.dtype, i.weakType)], {});
}
/** Whether x has a complex dtype (a JS `{re, im}` value counts). */
export function iscomplexobj(x: ArrayLike): boolean {
  return isComplex(typeOfValue(x, "iscomplexobj argument").dtype);
}
/** Whether x does not have a complex dtype. */
export function isrealobj(x: ArrayLike): boolean {
  return !iscomplexobj(x);
}

/** complex64 as a dtype argument and a cast (`jnp.complex64([1, 2])`). */
export const complex64: DTypeObject<"complex64"> = dtypeObject("complex64");
/** complex128: complex64 unless `config.update("enableX64", true)`, as in JAX. */
export const complex128: DTypeObject<"complex128"> = dtypeObject("complex128");
/** NumPy's C-named aliases: csingle is complex64, cdouble complex128 (complex64 without x64). */
export const csingle: DTypeObject<"complex64"> = complex64;
export const cdouble: DTypeObject<"complex128"> = complex128;
/** JAX's complex_ (complex128; complex64 unless x64 is enabled). */
export const complex_: DTypeObject<"complex128"> = complex128;

/** Sorted along the last axis and returned complex, as jnp.sort_complex. */
export function sortComplex(x: ArrayLike): NDArray {
  const a = sort(asArray(x, "sort_complex argument"));
  return isComplex(a.dtype) ? a : astype(a, a.dtype === "float64" || a.dtype === "int64" ? "complex128" : "complex64");
}
