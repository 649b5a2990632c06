// Shared plumbing of scipy.special: float promotion and primitive binding.
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import type { Primitive } from "../../core/primitive.ts";
import { bind1 } from "../../core/trace.ts";
import { promoteToFloat } from "../../numpy/util.ts";
import { promoteToFloatSame } from "../../numpy/numeric.ts";
import { defaultFloat, isInexact } from "../../core/dtypes.ts";
import { convertElementTypeP } from "../../lax/elementwise.ts";

/** Operands promoted to a common float dtype and broadcast (JAX's promote_args_inexact). */
export function inexact(name: string, ...xs: ArrayLike[]): NDArray[] {
  const out = promoteToFloat(name, ...xs);
  // All JS numbers: weak ints so far; JAX's Python floats give weak floats. Complex stays complex.
  if (isInexact(out[0].dtype)) return out;
  return out.map((a) => bind1(convertElementTypeP, [a], { new_dtype: defaultFloat(), weak_type: a.weakType }));
}

/** A scipy function that is one primitive over its float-promoted operands. */
export function viaPrim(name: string, prim: Primitive) {
  return (...xs: ArrayLike[]): NDArray => bind1(prim, inexact(name, ...xs), {});
}

/** Operands converted to a common inexact dtype (complex kept), shapes untouched (JAX's promote_dtypes_inexact). */
export function promoteDtypesInexact(name: string, ...xs: ArrayLike[]): NDArray[] {
  return promoteToFloatSame(name, xs);
}
