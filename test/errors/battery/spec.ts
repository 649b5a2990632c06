// The battery's vocabulary: a public function described by the kinds of its
// arguments, from which kinds.ts generates the bad inputs that apply.

/** What an argument is, as far as validation goes. */
export type Kind =
  | "array" // any array-like operand (NDArray, JS number, nested list)
  | "floatArray" // an operand that must have a floating dtype (lax)
  | "intArray" // an operand that must have an integer dtype (indices, shifts)
  | "boolArray" // an operand that must be bool (lax.select's pred)
  | "arrays" // a JS list of operands (concatenate, stack)
  | "shape" // a list of non-negative integers (or one integer)
  | "intList" // a list of integers (permutations, start indices, strides)
  | "axis" // one axis of an array of rank `ndim`
  | "axes" // an axis or a list of axes of an array of rank `ndim`
  | "dtype" // a dtype name
  | "count" // a non-negative integer (num, repeats, size)
  | "int" // any integer (an offset, a shift)
  | "number" // a JS number (a fill value, a bound)
  | "fn" // a function
  | "key" // a PRNG key
  | "leaves" // a pytree whose leaves must be arrays
  | "other"; // anything else (pytrees, treedefs, option values): only the argument's own bad values

export interface Arg {
  kind: Kind;
  /** A value the function accepts here; the other arguments keep theirs while one is made bad. */
  valid: unknown;
  /** Rank of the array an axis refers to ("axis" and "axes" only). */
  ndim?: number;
  /** undefined is accepted (the argument has a default). */
  optional?: boolean;
  /** bool is not accepted for this array (JAX raises for it). */
  noBool?: boolean;
  /** Labels of generic bad values that do not apply here, with the reason in a comment at the call. */
  skip?: string[];
  /** Further bad values special to this argument. */
  bad?: Bad[];
}

/** One bad value and what the error message must say about it. */
export interface Bad {
  label: string;
  value: unknown;
  problem: RegExp;
}

/** A hand-written case: a call that must throw with a message matching `problem`. */
export interface Extra {
  label: string;
  call: () => unknown;
  problem: RegExp;
}

export interface FnSpec {
  /** The public name, e.g. "jnp.sum" or "NDArray.reshape". */
  name: string;
  /** Calls the function with one value per described argument. */
  call: (args: Record<string, any>) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  args: Record<string, Arg>;
  /** Other spellings an error may use for the function (JAX's snake_case names are derived). */
  aliases?: string[];
  extra?: Extra[];
  /**
   * Known gaps in files this battery may not change: case key ("arg = label", an
   * argument name for all its cases, or an extra's label) → the file to fix.
   * They must still fail (strict expected failures), so a fix shows up as a stale entry.
   */
  gaps?: Record<string, string>;
}

/** Shorthand: a spec in one line. */
export function fn(name: string, args: Record<string, Arg>, call: FnSpec["call"], more: Partial<FnSpec> = {}): FnSpec {
  return { name, args, call, ...more };
}
