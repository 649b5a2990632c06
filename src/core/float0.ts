// float0, the tangent type of integer and boolean values (JAX's
// jax.dtypes.float0): what jvp gives for an integer output, vjp and
// grad({allowInt}) for an integer input, and what jvp takes as the tangent of
// an integer primal. JAX's float0 values are NumPy arrays holding no data,
// not jax Arrays; here too they are a shape and nothing else.
import { JaxTypeError } from "./errors.ts";

/** The float0 dtype (JAX's `jax.dtypes.float0`): `jnp.zeros(shape, { dtype: float0 })` makes a tangent for an integer primal. */
export const float0 = "float0" as const;
export type Float0 = typeof float0;

/** A float0 array: a shape with no data (every element is the zero of its tangent space). */
export class Float0Array {
  readonly dtype: Float0 = float0;
  readonly shape: number[];
  constructor(shape: readonly number[]) {
    this.shape = [...shape];
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  /** NumPy's str of a float0 array: every element prints as `(b'',)`. */
  toString(): string {
    const row = (dims: number[], indent: string): string => {
      if (dims.length === 0) return "(b'',)";
      const [n, ...rest] = dims;
      const items = Array.from({ length: n }, () => row(rest, `${indent} `));
      // As NumPy: one line per row, one blank line more per level of blocks.
      return `[${items.join(rest.length ? `${"\n".repeat(rest.length)}${indent} ` : " ")}]`;
    };
    return row(this.shape, "");
  }
}

export function isFloat0(x: unknown): x is Float0Array {
  return x instanceof Float0Array;
}

/** Whether `d` names float0 (a tangent dtype option). */
export function isFloat0DType(d: unknown): d is Float0 {
  return d === float0;
}

/** The float0 zeros `jnp.zeros(shape, { dtype: float0 })` makes. */
export function float0Zeros(shape: number | readonly number[]): Float0Array {
  const dims = typeof shape === "number" ? [shape] : shape;
  for (const d of dims)
    if (!Number.isInteger(d) || d < 0)
      throw new JaxTypeError(`float0 zeros: shape entries must be non-negative integers, got [${dims.join(", ")}]`);
  return new Float0Array(dims);
}
