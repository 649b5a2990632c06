// The array API's batched products: matvec, vecmat, vecdot (each a
// vectorized matmul or vdot, as JAX defines them).
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxis } from "../core/shape.ts";
import { matmul, vdot } from "./linalg_basic.ts";
import { moveaxis } from "./shape.ts";
import { asArray } from "./util.ts";
import { vectorize } from "./vectorize.ts";

const matvecV = vectorize(matmul, { signature: "(n,m),(m)->(n)" });
const vecmatV = vectorize(matmul, { signature: "(n),(n,m)->(m)" });
const vdotV = vectorize(vdot, { signature: "(n),(n)->()" });

/** jnp.matvec(x1, x2): matrix-vector products over the leading (broadcast) dimensions. */
export function matvec(x1: ArrayLike, x2: ArrayLike): NDArray {
  return matvecV(asArray(x1, "matvec argument 0"), asArray(x2, "matvec argument 1"));
}
/** jnp.vecmat(x1, x2): vector-matrix products over the leading dimensions. */
export function vecmat(x1: ArrayLike, x2: ArrayLike): NDArray {
  return vecmatV(asArray(x1, "vecmat argument 0"), asArray(x2, "vecmat argument 1"));
}
/** jnp.vecdot(x1, x2, {axis = -1}): dot products along axis, broadcast over the rest. */
export function vecdot(x1: ArrayLike, x2: ArrayLike, opts: { axis?: number } = {}): NDArray {
  checkOptions(opts, "vecdot", ["axis"]);
  const a = asArray(x1, "vecdot argument 0");
  const b = asArray(x2, "vecdot argument 1");
  const axis = opts.axis ?? -1;
  const [ia, ib] = [normalizeAxis(axis, a.ndim, "vecdot axis"), normalizeAxis(axis, b.ndim, "vecdot axis")];
  if (a.shape[ia] !== b.shape[ib]) {
    throw new ValueError(`axes must match; got shapes ${JSON.stringify(a.shape)} and ${JSON.stringify(b.shape)} with axis=${axis}`);
  }
  return vdotV(moveaxis(a, ia, -1), moveaxis(b, ib, -1));
}
