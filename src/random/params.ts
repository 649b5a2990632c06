// Distribution parameters as JAX's samplers take them: array-likes converted
// to the sample dtype, and the sample shape defaulting to their broadcast.
import { asOperand } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { broadcastShapes } from "../core/shape.ts";
import * as jnp from "../numpy/index.ts";
import * as lax from "../lax/api.ts";
import { type ShapeArg, canonicalShape, checkShape, finfo } from "./args.ts";
import { splitData } from "./keys.ts";
import { asDtype } from "./uniform.ts";

/** A parameter as an array of `dtype` (JS numbers exactly, arrays by convert_element_type). */
export function param(x: ArrayLike, dtype: DType, what: string): NDArray {
  return asDtype(x, dtype, what);
}

/** The shape of an array-like parameter, without converting it. */
export function shapeOf(x: ArrayLike, what: string): number[] {
  return typeof x === "number" || typeof x === "boolean" ? [] : [...asOperand(x, what).shape];
}

/** _check_broadcast_shapes: `shape` checked against the parameters, or their broadcast when absent. */
export function sampleShape(name: string, shape: ShapeArg | undefined | null, ...paramShapes: Array<readonly number[]>): number[] {
  if (shape === undefined || shape === null) return paramShapes.length ? broadcastShapes(...paramShapes) : [];
  const s = canonicalShape(shape, name);
  checkShape(name, s, ...paramShapes);
  return s;
}

/** jnp.broadcast_to, skipped when the shape already matches. */
export function broadcastParam(x: NDArray, shape: readonly number[]): NDArray {
  return x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]) ? x : jnp.broadcastTo(x, [...shape]);
}

/** _split(key, n) on key data: the n new keys' data, each uint32[2]. */
export function splitKeys(data: NDArray, n: number): NDArray[] {
  const keys = splitData(data, [n]);
  return Array.from({ length: n }, (_, i) => lax.reshape(lax.slice(keys, [i, 0], [i + 1, 2]), [2]));
}

/** numpy.finfo(dtype).eps: the gap between 1 and the next float. */
export function eps(dtype: DType): number {
  return 2 ** -finfo(dtype).nmant;
}
