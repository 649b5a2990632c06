// lax.scaledDot: (lhs · lhs_scale) @ (rhs · rhs_scale), each scale repeated
// along the contracting dims over its blocks. As JAX's CPU lowering of
// scaled_dot does: operands and scales go to bfloat16, multiply there, and
// dot_general accumulates in preferredElementType (bfloat16 by default).
import { type DType, type DTypeLike, canonicalize, parseDType } from "../core/dtypes.ts";
import { asOperand } from "../core/convert.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import type { DotDims } from "./dot.ts";
import { checkDotDims } from "./api_args.ts";
import { broadcastInDim, convertElementType, dotGeneral, mul, reshape } from "./api.ts";

export interface ScaledDotOptions {
  /** Scale of lhs: lhs's shape, with each contracting dim divided by its block size (≥ 2). Default: ones. */
  lhsScale?: ArrayLike | null;
  rhsScale?: ArrayLike | null;
  /** Default: contract lhs's last dim with rhs's second-to-last, batch over the leading dims. */
  dimensionNumbers?: DotDims | null;
  /** Output and accumulation dtype; default bfloat16. */
  preferredElementType?: DTypeLike | null;
}

function validateScale(side: string, operand: NDArray, scale: NDArray, contracting: number[]): void {
  operand.shape.forEach((size, i) => {
    if (contracting.includes(i)) {
      if (size % scale.shape[i] !== 0)
        throw new JaxTypeError(`${side} contracting dim ${i} of size ${size} must be divisible by its scale's dim size ${scale.shape[i]}.`);
      const s = size / scale.shape[i];
      if (s < 2) throw new JaxTypeError(`The ratio of ${side} contracting dim ${i} to its scale's dim size (${s}) must be at least 2.`);
    } else if (scale.shape[i] !== size)
      throw new JaxTypeError(`${side} dim ${i} of size ${size} does not match scale dim size ${scale.shape[i]}.`);
  });
}

function validate(lhs: NDArray, rhs: NDArray, ls: NDArray, rs: NDArray, dn: DotDims): void {
  const [[lc, rc], [lb, rb]] = dn;
  const ranks = [lhs.ndim, rhs.ndim, ls.ndim, rs.ndim];
  if (Math.max(...ranks) !== Math.min(...ranks))
    throw new JaxTypeError(
      `All input tensors must have the same rank. Got lhs rank: ${lhs.ndim} rhs rank: ${rhs.ndim} lhs_scale rank: ${ls.ndim} rhs_scale rank: ${rs.ndim}.`,
    );
  if (lb.length !== rb.length)
    throw new JaxTypeError(`LHS and RHS must have the same number of batch dimensions, got ${lb.length} and ${rb.length}.`);
  if (lc.length !== rc.length)
    throw new JaxTypeError(`LHS and RHS must have the same number of contracting dimensions, got ${lc.length} and ${rc.length}.`);
  lb.forEach((i, k) => {
    const j = rb[k];
    const sizes = [lhs.shape[i], rhs.shape[j], ls.shape[i], rs.shape[j]];
    if (Math.max(...sizes) !== Math.min(...sizes))
      throw new JaxTypeError(`All input tensors must have the same batch dimension size for batch dims (${i}, ${j}).`);
  });
  lc.forEach((i, k) => {
    const j = rc[k];
    if (lhs.shape[i] !== rhs.shape[j])
      throw new JaxTypeError(
        `LHS contracting dim ${i} of size ${lhs.shape[i]} does not match RHS contracting dim ${j} of size ${rhs.shape[j]}.`,
      );
  });
  validateScale("LHS", lhs, ls, lc);
  validateScale("RHS", rhs, rs, rc);
}

/** Repeat each scale entry over its block along the contracting dims (JAX's _scale_broadcast). */
function scaleBroadcast(scale: NDArray, shape: readonly number[], contracting: number[]): NDArray {
  let s = scale;
  for (const i of contracting) {
    if (s.shape[i] === shape[i]) continue;
    const mult = shape[i] / s.shape[i];
    const wide = [...s.shape.slice(0, i + 1), mult, ...s.shape.slice(i + 1)];
    const dims = s.shape.map((_, d) => (d <= i ? d : d + 1));
    s = reshape(broadcastInDim(s, wide, dims), [...s.shape.slice(0, i), shape[i], ...s.shape.slice(i + 1)]);
  }
  return s;
}

/** jax.lax.scaled_dot(lhs, rhs, *, lhs_scale, rhs_scale, dimension_numbers, preferred_element_type). */
export function scaledDot(lhs: ArrayLike, rhs: ArrayLike, options?: ScaledDotOptions): NDArray {
  const o = checkOptions(options, "scaledDot", ["lhsScale", "rhsScale", "dimensionNumbers", "preferredElementType"]);
  const l = asOperand(lhs, "scaled_dot lhs");
  const r = asOperand(rhs, "scaled_dot rhs");
  let dn: DotDims;
  if (o.dimensionNumbers == null) {
    if (l.ndim < 2) throw new JaxTypeError("scaled_dot does not support 0-rank and 1-rank operands.");
    const n = l.ndim;
    const lead = Array.from({ length: n - 2 }, (_, i) => i);
    dn = [
      [[n - 1], [n - 2]],
      [lead, [...lead]],
    ];
  } else dn = checkDotDims(o.dimensionNumbers);
  // A missing scale is ones, one per operand row (contracting dims of size 1).
  const dummy = (x: NDArray, contracting: number[]) =>
    convertElementType(
      broadcastInDim(
        1,
        x.shape.map((s, i) => (contracting.includes(i) ? 1 : s)),
        [],
      ),
      "float8_e8m0fnu",
    );
  const ls = o.lhsScale == null ? dummy(l, dn[0][0]) : asOperand(o.lhsScale, "scaled_dot lhs_scale");
  const rs = o.rhsScale == null ? dummy(r, dn[0][1]) : asOperand(o.rhsScale, "scaled_dot rhs_scale");
  const out: DType = canonicalize(
    o.preferredElementType == null ? "bfloat16" : parseDType(o.preferredElementType, "scaled_dot preferred_element_type"),
  );
  validate(l, r, ls, rs, dn);
  const scaled = (x: NDArray, s: NDArray, contracting: number[]) =>
    mul(convertElementType(x, "bfloat16"), convertElementType(scaleBroadcast(s, x.shape, contracting), "bfloat16"));
  return dotGeneral(scaled(l, ls, dn[0][0]), scaled(r, rs, dn[0][1]), dn, { preferredElementType: out });
}
