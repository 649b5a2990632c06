// jnp.linalg. norm is built here from jnp; the decompositions and solvers
// (inv, solve, det, slogdet, cholesky, eigh, eigvalsh) are in linalg_solve.ts.
import { checkOptions } from "../core/options.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { normalizeAxes } from "../core/shape.ts";
import { abs, multiply, power, sqrt } from "./elementwise.ts";
import { max, min, sum } from "./reductions.ts";
import { asArray, promoteToFloat } from "./util.ts";

export { solve, inv, det, slogdet, cholesky, eigh, eigvalsh, SlogdetResult, EighResult } from "./linalg_solve.ts";

export interface NormOpts {
  ord?: number | "fro" | "nuc" | null;
  axis?: number | number[] | null;
  keepdims?: boolean;
}

export function norm(x: ArrayLike, opts: NormOpts = {}): NDArray {
  checkOptions(opts, "linalg.norm", ["ord", "axis", "keepdims"]);
  const a = promoteToFloat("norm", asArray(x, "norm argument"))[0];
  const ord = opts.ord ?? null;
  const keepdims = opts.keepdims ?? false;
  let axes = opts.axis === undefined || opts.axis === null ? null : normalizeAxes(opts.axis, a.ndim, "norm axis");
  if (axes === null) {
    if (ord === null || ord === "fro" || (ord === 2 && a.ndim === 1)) return sqrt(sum(multiply(a, a), null, { keepdims }));
    axes = a.ndim === 1 ? [0] : [...Array(a.ndim).keys()];
  }
  if (axes.length === 1) {
    if (ord === null || ord === 2) return sqrt(sum(multiply(a, a), axes, { keepdims }));
    if (ord === Infinity) return max(abs(a), axes, { keepdims });
    if (ord === -Infinity) return min(abs(a), axes, { keepdims });
    if (ord === 0) return sum(abs(a).ne(0).astype(a.dtype), axes, { keepdims });
    if (ord === 1) return sum(abs(a), axes, { keepdims });
    if (typeof ord === "number") return power(sum(power(abs(a), ord), axes, { keepdims }), 1 / ord);
    throw new ValueError(`norm: Invalid norm order '${ord}' for vectors`);
  }
  if (axes.length === 2) {
    const [r, c] = axes;
    if (ord === null || ord === "fro") return sqrt(sum(multiply(a, a), axes, { keepdims }));
    if (ord === 1) return max(sum(abs(a), [r], { keepdims: true }), [c, r], { keepdims }).reshape(keepShape(a, axes, keepdims));
    if (ord === Infinity) return max(sum(abs(a), [c], { keepdims: true }), [r, c], { keepdims }).reshape(keepShape(a, axes, keepdims));
    throw new ValueError(`norm: matrix order '${ord}' is not supported yet (supported: None/'fro', 1, inf)`);
  }
  throw new ValueError(`Improper number of axes for norm: ${axes.length}`);
}

function keepShape(a: NDArray, axes: number[], keepdims: boolean): number[] {
  return keepdims ? a.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : a.shape.filter((_, i) => !axes.includes(i));
}
