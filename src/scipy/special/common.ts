// Shared plumbing of scipy.special: float promotion and primitive binding.
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import type { Primitive } from "../../core/primitive.ts";
import { bind1 } from "../../core/trace.ts";
import { promoteToFloat } from "../../numpy/util.ts";

/** Operands promoted to a common float dtype and broadcast (JAX's promote_args_inexact). */
export const inexact = promoteToFloat;

/** A scipy function that is one primitive over its float-promoted operands. */
export function viaPrim(name: string, prim: Primitive) {
  return (...xs: ArrayLike[]): NDArray => bind1(prim, inexact(name, ...xs), {});
}
