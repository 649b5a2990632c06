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
import { NDArray } from "../core/ndarray.ts";
import { defersEager, largeOrDeferred } from "../backend/deferred.ts";

/**
 * When an elementwise body runs as it is rather than jitted, where the
 * backend defers eager chains: "large" when an operand is large or deferred
 * (a jnp binary function: a single operation, whose body costs what a jitted
 * call does), "deferred" only when an operand is deferred (a composite of
 * many operations: jitted, its JS runs once per shape rather than per call,
 * and it is one fused kernel anyway; run, it joins the chain before it).
 */
export type JoinsChain = "large" | "deferred";

/** compiledEager for an elementwise body, which joins deferred chains (see JoinsChain). */
export function compiledElementwise<A extends unknown[], R>(
  body: Fn<A, R>,
  statics: number[],
  use?: (...args: A) => boolean,
  joins: JoinsChain = "deferred",
): Fn<A, R> {
  return compiledEager(body, statics, use, joins);
}

const isDeferred = (x: unknown): boolean => x instanceof ArrayImpl && x.deferred !== null;

/**
 * Whether jit takes these values as traced arguments as they are: arrays
 * and JS numbers. A compiledEager body given anything else (a JS list) runs
 * as it is: jit would flatten a list into a list of tracers.
 */
export const traceable = (...xs: unknown[]): boolean => xs.every((x) => x instanceof NDArray || typeof x === "number");

type Fn<A extends unknown[], R> = (...args: A) => R;

/**
 * `body` jitted for eager calls (when `use` agrees); arguments at `statics`
 * (axes, flags) are static. An elementwise body (`joins`) runs as it is
 * where the backend defers eager chains and its operands call for it: its
 * operations join the chain they extend, fused with what comes before and after.
 */
export function compiledEager<A extends unknown[], R>(
  body: Fn<A, R>,
  statics: number[],
  use: (...args: A) => boolean = () => true,
  joins: JoinsChain | null = null,
): Fn<A, R> {
  let jitted: Fn<A, R> | null = null;
  return (...args) => {
    const backend = getBackend();
    // Under noTracing/noExecution only user jits are guarded, so eager library calls act alike on every backend.
    if (config.checkFloats || guardsJit() || !backend.compile || !isEager(args) || !use(...args)) return body(...args);
    if (joins !== null && defersEager(backend) && args.some(joins === "large" ? largeOrDeferred : isDeferred)) return body(...args);
    jitted ??= jit(body as never, { staticArgnums: statics }) as unknown as Fn<A, R>;
    return jitted(...args);
  };
}
