// Functions that apply a function: applyAlongAxis (vmapped over the other
// axes, as JAX does) and applyOverAxes.
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { normalizeAxis } from "../core/shape.ts";
import { vmap } from "../transforms/vmap.ts";
import { expandDims } from "./shape.ts";
import { asArray } from "./util.ts";

/** jnp.apply_along_axis(f, axis, arr, ...args): f applied to each 1-d slice along axis. */
export function applyAlongAxis(
  func1d: (x: NDArray, ...args: unknown[]) => ArrayLike,
  axis: number,
  arr: ArrayLike,
  ...args: unknown[]
): NDArray {
  checkCallable(func1d, "apply_along_axis");
  const a = asArray(arr, "apply_along_axis argument");
  const ax = normalizeAxis(axis, a.ndim, "apply_along_axis axis");
  let f = (x: NDArray): unknown => func1d(x, ...args);
  for (let i = 1; i < a.ndim - ax; i++) f = vmap(f, { inAxes: i, outAxes: -1 });
  for (let i = 0; i < ax; i++) f = vmap(f, { inAxes: 0, outAxes: 0 });
  return asArray(f(a) as ArrayLike);
}

/** jnp.apply_over_axes(f, a, axes): f(a, axis) for each axis in turn, keeping the rank. */
export function applyOverAxes(func: (a: NDArray, axis: number) => ArrayLike, a: ArrayLike, axes: number | number[]): NDArray {
  checkCallable(func, "apply_over_axes");
  let x = asArray(a, "apply_over_axes argument");
  for (const axis of Array.isArray(axes) ? axes : [axes]) {
    const b = asArray(func(x, axis));
    if (b.ndim === x.ndim) x = b;
    else if (b.ndim === x.ndim - 1) x = expandDims(b, axis);
    else throw new ValueError("function is not returning an array of the correct shape");
  }
  return x;
}
