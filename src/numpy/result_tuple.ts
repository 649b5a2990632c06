// Results JAX returns as named tuples (SVDResult, QRResult, EighResult, ...)
// are JS arrays here (API.md: tuples are arrays), that also carry the field
// names: `const [u, s, vh] = svd(a)` and `svd(a).S` both work.
import type { NDArray } from "../core/ndarray.ts";

/** The field values in order, as an array that also has each field as a property. */
export function resultTuple<T extends Record<string, NDArray>>(fields: T): NDArray[] & T {
  return Object.assign(Object.values(fields), fields);
}
