// Flattening transformation arguments to leaves and checking them.
import { asOperand, scalarArray } from "../core/convert.ts";
import { describe } from "../core/describe.ts";
import { defaultFloat, isInexact, isInteger } from "../core/dtypes.ts";
import { convert } from "../lax/helpers.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { checkInt, checkIntList } from "../core/scalar_args.ts";
import { NDArray } from "../core/ndarray.ts";
import * as tree from "../tree/index.ts";

export type TreeDef = ReturnType<typeof tree.flatten>[1];

/** Leaves of a pytree as arrays (JS numbers become weak scalars). */
export function leavesAsArrays(leaves: unknown[], what: string): NDArray[] {
  return leaves.map((l, i) => {
    if (l instanceof NDArray) return l;
    try {
      return asOperand(l as number, `${what} leaf ${i}`);
    } catch {
      throw new JaxTypeError(
        `${what}: leaf ${i} is not an array or a JS number (got ${describe(l)}); every leaf of a transformed function's arguments must be an array.`,
      );
    }
  });
}

/**
 * Differentiable leaves: JS has one number type, so a JS number passed where a
 * gradient is taken becomes a weak float (JAX would see `3.0`, not `3`).
 */
export function diffLeaves(leaves: unknown[], what: string): NDArray[] {
  return leaves.map((l, i) => {
    if (typeof l === "number") return scalarArray(l, defaultFloat(), true);
    const a = leavesAsArrays([l], what)[0] ?? (i as never);
    // A weak int scalar is a JS number that went through jit first (jit(grad(f))(3)):
    // the same weak float it would have been without jit.
    return a.weakType && a.ndim === 0 && isInteger(a.dtype) ? convert(a, defaultFloat(), true) : a;
  });
}

export { describe };

/**
 * An argnums-like option (argnums, staticArgnums, donateArgnums): an integer or
 * a list of integers, as a list. `what` names the function and the option.
 * Checked up front, since a string or NaN would otherwise silently match no argument.
 */
export function argnumList(x: unknown, what: string): number[] {
  if (typeof x === "number") return [checkInt(x, what)];
  if (Array.isArray(x)) return [...checkIntList(x, what)];
  throw new JaxTypeError(`${what} must be an integer or a list of integers, got ${describe(x)}`);
}

export function normalizeArgnums(argnums: number | number[] | undefined, nargs: number, fname: string): number[] {
  const list = argnums === undefined ? [0] : argnumList(argnums, `${fname}: argnums`);
  return list.map((a) => {
    const n = a < 0 ? a + nargs : a;
    if (n < 0 || n >= nargs) {
      throw new ValueError(
        `${fname}: differentiating with respect to argnums=${JSON.stringify(argnums)} requires at least ${a + 1} positional arguments to be passed by the caller, but got only ${nargs} positional arguments.`,
      );
    }
    return n;
  });
}

export function checkFloatInputs(xs: NDArray[], fname: string): void {
  for (const x of xs) {
    if (!isInexact(x.dtype)) {
      throw new JaxTypeError(
        `${fname} requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got ${x.dtype}. If you want to use Boolean- or integer-valued inputs, use vjp or set allowInt to true.`,
      );
    }
  }
}

export { tree };

/** A differentiated function's output, split from its aux with hasAux (JAX's has_aux: f returns `[output, aux]`). */
export function splitAux(out: unknown, hasAux: boolean | undefined, fname: string): [unknown, unknown] {
  if (!hasAux) return [out, undefined];
  if (!Array.isArray(out) || out.length !== 2)
    throw new JaxTypeError(`${fname} with hasAux=true requires the function to return a pair [output, aux]`);
  return [out[0], out[1]];
}
