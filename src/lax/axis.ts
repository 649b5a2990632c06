// lax.axis_index / lax.axis_size for named vmap axes (vmap(f, {axisName})).
import type { NDArray } from "../core/ndarray.ts";
import { lookupAxis } from "../transforms/axis_env.ts";
import * as lax from "./api.ts";

/** A name or several (a tuple of names counts as one flattened axis, major to minor). */
export type AxisName = string | readonly string[];

/** lax.axisIndex(axisName): each mapped element's position along the named vmap axis (int32). */
export function axisIndex(axisName: AxisName): NDArray {
  const names = typeof axisName === "string" ? [axisName] : [...axisName];
  let out: NDArray | null = null;
  for (const n of names) {
    const frame = lookupAxis(n, "axis_index");
    const idx = frame.index();
    out = out === null ? idx : lax.add(lax.mul(out, frame.size), idx);
  }
  return out ?? lax.iota("int32", 1).reshape([]);
}

/** lax.axisSize(axisName): the size of the named vmap axis (the product for several names). */
export function axisSize(axisName: AxisName): number {
  const names = typeof axisName === "string" ? [axisName] : [...axisName];
  return names.reduce((p, n) => p * lookupAxis(n, "axis_size").size, 1);
}
