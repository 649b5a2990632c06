// jax.fwd_and_bwd: a forward function returning the output and residuals and
// a backward function from residuals and a cotangent to the gradients, both
// jitted once and reused across steps. The residuals are a tree.Partial over
// the forward's arguments (a pytree of arrays, so it passes through jit); the
// backward re-linearizes at them, which gives the same cotangents as JAX's.
import { ValueError } from "../core/errors.ts";
import { checkOptions } from "../core/options.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { Partial } from "../tree/partial.ts";
import { vjp } from "./autodiff.ts";
import { jit } from "./jit.ts";
import type { AnyFn } from "./types.ts";

export interface FwdAndBwdOptions {
  /** `fun` returns `[out, aux]`; fwd then returns `[out, residuals, aux]`. */
  hasAux?: boolean;
  /** Jit fwd and bwd (default true). */
  jitted?: boolean;
}

/**
 * jax.fwd_and_bwd(fun, argnums, {hasAux, jitted}) → `[fwd, bwd]`: `fwd(...args)` gives
 * `[out, residuals]` (or `[out, residuals, aux]`), `bwd(residuals, cotangent)` the cotangents of
 * the arguments at `argnums` (one array for a number, an array of them for a list).
 */
export function fwdAndBwd(
  fun: AnyFn,
  argnums: number | readonly number[],
  options?: FwdAndBwdOptions,
): [(...args: any[]) => any, (residuals: any, cotangent: any) => any] {
  checkCallable(fun, "fwd_and_bwd");
  const opts = checkOptions(options, "fwdAndBwd", ["hasAux", "jitted"]);
  const nums = typeof argnums === "number" ? [argnums] : [...argnums];
  if (!nums.every((n) => Number.isInteger(n)))
    throw new ValueError(`fwd_and_bwd: argnums must be integers, got ${JSON.stringify(argnums)}`);
  const primal = (...args: unknown[]) => (opts.hasAux ? (fun(...args) as [unknown, unknown])[0] : fun(...args));
  // The residuals' function is fixed, so a jitted bwd traces once per argument shape.
  const linearizeAt = (...args: unknown[]) => {
    const at = nums.map((n) => (n < 0 ? n + args.length : n));
    for (const n of at)
      if (n < 0 || n >= args.length)
        throw new ValueError(`fwd_and_bwd: argnums ${JSON.stringify(argnums)} out of range for ${args.length} arguments`);
    const partialF = (...dyn: unknown[]) => {
      const full = [...args];
      at.forEach((n, i) => {
        full[n] = dyn[i];
      });
      return primal(...full);
    };
    return vjp(partialF as AnyFn, ...(at.map((n) => args[n]) as never[]));
  };
  let fwd = (...args: unknown[]) => {
    const [out] = linearizeAt(...args);
    const residuals = Partial(linearizeAt, ...args);
    return opts.hasAux ? [out, residuals, (fun(...args) as [unknown, unknown])[1]] : [out, residuals];
  };
  let bwd = (residuals: { args: readonly unknown[] }, cotangent: unknown) => {
    const [, pullback] = linearizeAt(...residuals.args);
    const g = (pullback as (ct: unknown) => unknown[])(cotangent);
    return typeof argnums === "number" ? g[0] : g;
  };
  if (opts.jitted ?? true) {
    fwd = jit(fwd);
    bwd = jit(bwd);
  }
  return [fwd, bwd];
}
