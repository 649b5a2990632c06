// Checks for plain JS arguments at the API boundary (JAX's operator.index,
// callable() and friends), so that a bad number fails here and not as NaN deep
// in a kernel, and a non-function fails when it is passed, not when it is called.
import { describe } from "./describe.ts";
import { JaxTypeError, ValueError } from "./errors.ts";

/** An integer argument (`what` names the function and argument), at least `min`. */
export function checkInt(x: unknown, what: string, min = -Infinity): number {
  if (typeof x !== "number" || !Number.isInteger(x)) {
    throw new JaxTypeError(`${what} must be ${min === 0 ? "a non-negative integer" : "an integer"}, got ${describe(x)}`);
  }
  if (x < min) throw new ValueError(`${what} must be ${min === 0 ? "a non-negative integer" : `an integer >= ${min}`}, got ${x}`);
  return x;
}

/** A JS number argument (NaN and infinities allowed unless `finite`). */
export function checkNumber(x: unknown, what: string, finite = false): number {
  if (typeof x !== "number") throw new JaxTypeError(`${what} must be a number, got ${describe(x)}`);
  if (finite && !Number.isFinite(x)) throw new ValueError(`${what} must be a finite number, got ${x}`);
  return x;
}

/** A list of integers (start indices, strides, permutations), each at least `min`. */
export function checkIntList(xs: unknown, what: string, min = -Infinity): number[] {
  if (!Array.isArray(xs)) throw new JaxTypeError(`${what} must be a list of integers, got ${describe(xs)}`);
  for (const x of xs) {
    if (typeof x !== "number" || !Number.isInteger(x) || x < min) {
      const want = min === 0 ? "non-negative integers" : min === -Infinity ? "integers" : `integers >= ${min}`;
      throw new JaxTypeError(`${what} must contain only ${want}, got ${JSON.stringify(xs)} (bad entry: ${describe(x)})`);
    }
  }
  return xs as number[];
}

/**
 * A function argument (JAX's check_callable), checked when it is passed in:
 * "grad expects a function, got 3", or with `arg` "lax.map expects f to be a function, got 3".
 */
export function checkCallable(f: unknown, fname: string, arg?: string): void {
  if (typeof f !== "function") {
    throw new JaxTypeError(`${fname} expects ${arg === undefined ? "a function" : `${arg} to be a function`}, got ${describe(f)}`);
  }
}
