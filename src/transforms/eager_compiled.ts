// JAX jits its composite library functions (jnp.var, jax.nn.softmax, the
// jnp ufuncs, ...). Ours do likewise when called eagerly on the wasm backend:
// one compiled program per shape, scalar operands broadcast inside the
// kernel instead of materialised, intermediates freed by the program, rather
// than a kernel and a garbage-collected temporary per lax call. Under a trace
// (jit, grad, vmap) the body runs directly: an inner jit would only inline.
import { getBackend } from "../backend/backend.ts";
import { config } from "../core/config.ts";
import { isEager } from "../core/trace.ts";
import { guardsJit } from "../core/flags_state.ts";
import { jit } from "./api.ts";
import { ArrayImpl } from "../core/array_impl.ts";
import { defersEager } from "../backend/deferred.ts";

/** An operand whose elementwise consumers are deferred: deferred itself, or large (see backend/deferred.ts). */
const joinsChain = (x: unknown): boolean => x instanceof ArrayImpl && (x.deferred !== null || x.size * 4 > 4096);

type Fn<A extends unknown[], R> = (...args: A) => R;

/**
 * `body` jitted for eager calls (when `use` agrees); arguments at `statics`
 * (axes, flags) are static. An `elementwise` body on large arrays runs as it
 * is where the backend defers eager chains: its operations join the chain
 * its operands are part of, fused with what comes before and after.
 */
export function compiledEager<A extends unknown[], R>(
  body: Fn<A, R>,
  statics: number[],
  use: (...args: A) => boolean = () => true,
  elementwise = false,
): Fn<A, R> {
  let jitted: Fn<A, R> | null = null;
  return (...args) => {
    const backend = getBackend();
    // Under noTracing/noExecution only user jits are guarded, so eager library calls act alike on every backend.
    if (config.checkFloats || guardsJit() || !backend.compile || !isEager(args) || !use(...args)) return body(...args);
    if (elementwise && defersEager(backend) && args.some(joinsChain)) return body(...args);
    jitted ??= jit(body as never, { staticArgnums: statics }) as unknown as Fn<A, R>;
    return jitted(...args);
  };
}
