// jnp.array_repr / jnp.array_str: NumPy's functions applied to a JAX array
// (the repr names the class ArrayImpl, as NumPy prints it for JAX arrays).
// NumPy's print options (jnp.printoptions and friends) live with the
// formatter (core/format.ts) and apply to every printed array.
import { array2string } from "../core/format.ts";
import { isFloat } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { prod } from "../core/shape.ts";
import { asArray } from "./util.ts";
import { type PrintOptions, getPrintOptions, setPrintOptions } from "../core/format.ts";
import { checkOptions } from "../core/options.ts";

/**
 * NumPy formats a JAX array's elements as Python floats, so float16/float32
 * values print with float64's digits (`2.17307234`, not `2.1730723`).
 */
function body(a: NDArray, separator: string, prefix: string, suffixLen: number): string {
  const float = isFloat(a.dtype);
  const data = float ? Float64Array.from(a.dataSync() as Float32Array) : a.dataSync();
  return array2string(data, a.shape, float ? "float64" : a.dtype, separator, prefix, suffixLen);
}

/** jnp.array_str(a): NumPy's array_str of a JAX array, e.g. `[1.5 2. ]`. */
export function arrayStr(x: ArrayLike): string {
  const a = asArray(x, "array_str argument");
  return prod(a.shape) === 0 ? "[]" : body(a, " ", "", 0);
}

/** jnp.array_repr(a): NumPy's repr of a JAX array, e.g. `ArrayImpl([1.5, 2. ], dtype=float32)`. */
export function arrayRepr(x: ArrayLike): string {
  const a = asArray(x, "array_repr argument");
  const prefix = "ArrayImpl(";
  const size = prod(a.shape);
  const lst = size === 0 ? "[]" : body(a, ", ", prefix, 1);
  const extras: string[] = [];
  const pyShape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(", ")})`;
  if ((size === 0 && !(a.ndim === 1 && a.shape[0] === 0)) || size > getPrintOptions().threshold) extras.push(`shape=${pyShape}`);
  // NumPy leaves out the dtypes a Python literal implies (float64, int64, bool) unless the array is empty.
  const implied = a.dtype === "float64" || a.dtype === "int64" || a.dtype === "bool";
  if (!implied || size === 0) extras.push(`dtype=${a.dtype}`);
  if (extras.length === 0) return `${prefix}${lst})`;
  const arrStr = `${prefix}${lst},`;
  const extraStr = `${extras.join(", ")})`;
  const lastLineLen = arrStr.length - (arrStr.lastIndexOf("\n") + 1);
  const spacer = lastLineLen + extraStr.length + 1 > getPrintOptions().linewidth ? `\n${" ".repeat(prefix.length)}` : " ";
  return arrStr + spacer + extraStr;
}

type PrintOptionChanges = { [K in keyof PrintOptions]?: number | null };
const PRINT_KEYS = ["precision", "threshold", "edgeitems", "linewidth"] as const;

/** jnp.get_printoptions: the options array printing follows. */
export function getPrintoptions(): PrintOptions {
  return getPrintOptions();
}

/** jnp.set_printoptions({precision, threshold, edgeitems, linewidth}); null restores a default. */
export function setPrintoptions(options: PrintOptionChanges): void {
  setPrintOptions(checkOptions(options, "setPrintoptions", PRINT_KEYS));
}

/** `with jnp.printoptions(...):` — runs `fn` with these options, then restores the previous ones. */
export function printoptions<T>(options: PrintOptionChanges, fn: () => T): T {
  const prev = getPrintOptions();
  setPrintoptions(options);
  try {
    return fn();
  } finally {
    setPrintOptions(prev);
  }
}
