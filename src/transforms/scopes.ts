// Small pieces of JAX's top-level API around tracing: compile-time evaluation,
// name scopes, cache clearing, the effects barrier.
import { withoutDynamic } from "../core/trace.ts";
import { JaxTypeError } from "../core/errors.ts";
import { describe } from "../core/describe.ts";
import { checkOptions } from "../core/options.ts";
import { getBackend, devices } from "../backend/backend.ts";
import { clearJitCaches } from "./jit_cache.ts";

/**
 * `with jax.ensure_compile_time_eval():` — inside `fn`, operations on
 * concrete values run now, even inside jit, instead of being staged.
 */
export function ensureCompileTimeEval<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new JaxTypeError(`ensureCompileTimeEval: expected a function, got ${describe(fn)}`);
  return withoutDynamic(fn);
}

/**
 * `with jax.named_scope(name):` — a name for the operations inside `fn`.
 * JAX keeps it in debug metadata only (jaxprs print the same), so here it
 * runs `fn`; the name is checked as JAX checks it.
 */
export function namedScope<T>(name: string, fn: () => T): T {
  if (typeof name !== "string") throw new JaxTypeError(`namedScope: the name must be a string, got ${describe(name)}`);
  if (typeof fn !== "function") throw new JaxTypeError(`namedScope: expected a function, got ${describe(fn)}`);
  return fn();
}

/** jax.named_call: `f` under a name (metadata only, as namedScope). */
export function namedCall<F extends (...args: never[]) => unknown>(f: F, options?: { name?: string }): F {
  if (typeof f !== "function") throw new JaxTypeError(`namedCall: expected a function, got ${describe(f)}`);
  const opts = checkOptions(options, "namedCall", ["name"]);
  const name = opts.name ?? f.name;
  return ((...args: never[]) => namedScope(name, () => f(...args))) as F;
}

/** jax.clear_caches: every jitted function traces and compiles again on its next call. */
export function clearCaches(): void {
  clearJitCaches();
  for (const d of devices()) getBackend(d).clearCaches?.();
}

/**
 * jax.effects_barrier: waits until every callback issued so far has run.
 * Callbacks run in program order on the calling thread, so this settles at once.
 */
export function effectsBarrier(): Promise<void> {
  return Promise.resolve();
}
