// The samplers' bodies run as compiled programs, as JAX jits _uniform and
// _normal with static shape and dtype: one fused program per (shape, dtype)
// instead of a dozen eager passes over the output (each with its own buffer).
// Under an outer jit, grad or vmap the bodies run directly (see eager_compiled.ts).
import type { DType } from "../core/dtypes.ts";
import type { NDArray } from "../core/ndarray.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { normalData } from "./normal.ts";
import { uniformData } from "./uniform.ts";

export const normalCompiled = compiledEager(normalData, [1, 2]);
export const uniformCompiled = compiledEager(uniformData, [1, 2]);
/** uniform over [0, 1) (the default bounds as JS numbers, which the body can see). */
export const unitCompiled = compiledEager((data: NDArray, shape: number[], dtype: DType) => uniformData(data, shape, dtype, 0, 1), [1, 2]);

/**
 * A sampler's body on key data, its shape and dtype static (arguments 1 and
 * 2) and its parameters traced arrays: compiled when eager, as JAX jits
 * _pareto, _wald, ... (pareto of 1e5: six eager passes, 5.2 ms, as one
 * program 0.8).
 */
export function compiledSampler<P extends NDArray[]>(
  body: (data: NDArray, shape: readonly number[], dtype: DType, ...params: P) => NDArray,
): (data: NDArray, shape: readonly number[], dtype: DType, ...params: P) => NDArray {
  return compiledEager(body, [1, 2]);
}
