// The samplers' bodies run as compiled programs, as JAX jits _uniform and
// _normal with static shape and dtype: one fused program per (shape, dtype)
// instead of a dozen eager passes over the output (each with its own buffer).
// Inside an outer jit, grad or vmap the inner jit simply traces through.
import type { DType } from "../core/dtypes.ts";
import type { NDArray } from "../core/ndarray.ts";
import { jit } from "../transforms/api.ts";
import { normalData } from "./normal.ts";
import { uniformData } from "./uniform.ts";

type Sampler<A extends unknown[]> = (data: NDArray, shape: readonly number[], dtype: DType, ...rest: A) => NDArray;

/** A sampler jitted lazily (transforms/api.ts imports the whole library), shape and dtype static. */
function compiled<A extends unknown[]>(body: Sampler<A>): Sampler<A> {
  let f: Sampler<A> | null = null;
  return (data, shape, dtype, ...rest) => {
    f ??= jit(body, { staticArgnums: [1, 2] }) as unknown as Sampler<A>;
    return f(data, [...shape], dtype, ...rest);
  };
}

export const normalCompiled = compiled(normalData);
export const uniformCompiled = compiled((data: NDArray, shape: readonly number[], dtype: DType, lo: NDArray, hi: NDArray) => uniformData(data, shape, dtype, lo, hi));
