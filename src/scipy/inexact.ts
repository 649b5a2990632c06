// JAX's promote_dtypes_inexact and promote_dtypes_complex (to_inexact_dtype is
// core/dtypes.ts's toInexactDType).
import { complexDType, toInexactDType } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { promoteDtypesInexact } from "./special/common.ts";
import { namedResultType, toType } from "../numpy/util.ts";

/** Operands cast to their common inexact dtype, shapes untouched (JAX's promote_dtypes_inexact); complex kept. */
export const promoteInexact = promoteDtypesInexact;

/** Operands cast to their common complex dtype (JAX's promote_dtypes_complex). */
export function promoteComplex(name: string, ...xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  const dtype = complexDType(toInexactDType(t.dtype, t.weakType));
  return xs.map((x, i) => toType(x, dtype, t.weakType, `${name} argument ${i}`));
}
