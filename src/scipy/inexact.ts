// JAX's to_inexact_dtype: integers up to 32 bits and bool become float32 even
// under x64 (int64 becomes float64); weakly typed JS numbers take the default
// float.
import { complexDType, type DType, toInexactDType } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { namedResultType, toType } from "../numpy/util.ts";

export function inexactDType(dtype: DType, weak: boolean): DType {
  return toInexactDType(dtype, weak);
}

/** Operands cast to their common inexact dtype, shapes untouched (JAX's promote_dtypes_inexact); complex kept. */
export function promoteInexact(name: string, ...xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  const dtype = inexactDType(t.dtype, t.weakType);
  return xs.map((x, i) => toType(x, dtype, t.weakType, `${name} argument ${i}`));
}

/** Operands cast to their common complex dtype (JAX's promote_dtypes_complex). */
export function promoteComplex(name: string, ...xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  const dtype = complexDType(inexactDType(t.dtype, t.weakType));
  return xs.map((x, i) => toType(x, dtype, t.weakType, `${name} argument ${i}`));
}
