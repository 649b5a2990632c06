// jax.nn jits its composite functions (softmax, gelu, silu, ...): called
// eagerly on the wasm backend, ours likewise run as one compiled program per
// shape (fused kernels, intermediates freed by the program) instead of a
// kernel and a garbage-collected temporary per jnp call. Under a trace (jit,
// grad, vmap) the body runs directly: the inner jit would only inline.
import { defaultBackend } from "../backend/backend.ts";
import { config } from "../core/config.ts";
import type { NDArray } from "../core/ndarray.ts";
import { isEager } from "../core/trace.ts";
import { jit } from "../transforms/api.ts";

/** `body` jitted for eager calls; arguments at `statics` (axes, flags) are static. */
export function compiledNn<A extends unknown[]>(body: (x: NDArray, ...rest: A) => NDArray, statics: number[]): (x: NDArray, ...rest: A) => NDArray {
  let jitted: ((x: NDArray, ...rest: A) => NDArray) | null = null;
  return (x, ...rest) => {
    if (config.debugNans || defaultBackend() !== "wasm" || !isEager([x, ...rest])) return body(x, ...rest);
    jitted ??= jit(body, { staticArgnums: statics }) as unknown as (x: NDArray, ...rest: A) => NDArray;
    return jitted(x, ...rest);
  };
}
