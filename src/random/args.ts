// Argument checking shared by the samplers: shapes, dtypes, options.
import { checkOptions } from "../core/options.ts";
import { type DType, type DTypeLike, canonicalize, defaultFloat, dtypeOfLike, isFloat, isInteger } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { broadcastShapes, checkShape as checkAllocatable } from "../core/shape.ts";

export type ShapeArg = number | readonly number[];

/** Python's tuple repr of a shape: (), (3,), (2, 3). */
export function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** core.canonicalize_shape: a sequence of non-negative integers (a single number is taken as [n]). */
export function canonicalShape(shape: ShapeArg | undefined | null, name: string): number[] {
  if (shape === undefined || shape === null) return [];
  const s = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(s)) {
    throw new JaxTypeError(`${name}: shape must be a sequence of integers, got ${describe(shape)}`);
  }
  for (const d of s) {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      const shown = `(${s.map((e) => (typeof e === "string" ? JSON.stringify(e) : String(e))).join(", ")}${s.length === 1 ? "," : ""})`;
      throw new JaxTypeError(`Shapes must be 1D sequences of concrete values of integer type, got ${shown} (in ${name}).`);
    }
    if (d < 0) throw new ValueError(`${name}: shape dimensions must be non-negative, got ${pyShape(s)}.`);
  }
  return checkAllocatable([...s], `${name} shape`);
}

/** _check_shape: parameter shapes broadcast with `shape` and give exactly `shape`. */
export function checkShape(name: string, shape: readonly number[], ...paramShapes: Array<readonly number[]>): void {
  if (paramShapes.length === 0) return;
  let b: number[];
  try {
    b = broadcastShapes(shape, ...paramShapes);
  } catch {
    throw new ValueError(
      `${name} parameter shapes must be broadcast-compatible with shape argument; got parameter shapes ${paramShapes.map(pyShape).join(", ")} for shape argument ${pyShape(shape)}.`,
    );
  }
  if (b.length !== shape.length || b.some((d, i) => d !== shape[i])) {
    throw new ValueError(
      `${name} parameter shapes must be broadcast-compatible with shape argument, and the result of broadcasting the shapes must equal the shape argument, but got result ${pyShape(b)} for shape argument ${pyShape(shape)}.`,
    );
  }
}

/** The float dtype a sampler produces (default float32, float64 under x64). */
export function floatDtype(dtype: unknown, name: string): DType {
  if (dtype === undefined || dtype === null) return defaultFloat();
  const named = dtypeOfLike(dtype);
  if (named === null) throw new JaxTypeError(`${name}: unknown dtype ${JSON.stringify(dtype)}`);
  const d = canonicalize(named);
  if (!isFloat(d)) throw new ValueError(`dtype argument to \`${name}\` must be a float dtype, got ${d}`);
  return d;
}

export function intDtype(dtype: unknown, name: string, dflt: DType): DType {
  if (dtype === undefined || dtype === null) return dflt;
  const named = dtypeOfLike(dtype);
  if (named === null) throw new JaxTypeError(`${name}: unknown dtype ${JSON.stringify(dtype)}`);
  const d = canonicalize(named);
  if (!isInteger(d)) throw new JaxTypeError(`${name} only accepts integer dtypes, got ${d}`);
  return d;
}

/** A trailing argument that may be a dtype string or an options object. */
export function optsOf<T extends object>(
  x: T | DTypeLike | undefined | null,
  what: string,
  keys: readonly string[] = ["dtype"],
): T & { dtype?: DType } {
  if (x === undefined || x === null) return {} as T;
  if (typeof x === "string") return { dtype: x } as unknown as T & { dtype?: DType };
  const named = dtypeOfLike(x);
  if (named !== null) return { dtype: named } as unknown as T & { dtype?: DType };
  if (typeof x !== "object") throw new JaxTypeError(`${what}: expected an options object or a dtype string, got ${String(x)}`);
  return checkOptions(x, what, keys) as T & { dtype?: DType };
}

/** Machine constants of the float dtypes (numpy.finfo). */
export function finfo(d: DType): { nbits: number; nmant: number; tiny: number; epsneg: number } {
  switch (d) {
    case "float16":
      return { nbits: 16, nmant: 10, tiny: 2 ** -14, epsneg: 2 ** -11 };
    case "float64":
      return { nbits: 64, nmant: 52, tiny: 2 ** -1022, epsneg: 2 ** -53 };
    default:
      return { nbits: 32, nmant: 23, tiny: 2 ** -126, epsneg: 2 ** -24 };
  }
}
