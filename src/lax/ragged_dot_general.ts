// lax.ragged_dot_general: dot_general where one lhs dimension is split into
// consecutive groups (group_sizes). As JAX's reference lowering: each ragged
// operand is expanded to a leading group axis, zero outside its group, then one
// dot_general contracts (or keeps) that axis. Three modes, by where the lhs
// ragged dimension lies: non-contracting (rhs has a group axis), contracting
// (the output gains a leading group axis) or batch (group sizes unused).
import { asOperand } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import * as lax from "./api.ts";
import { canonicalizePrecision, type PrecisionLike, type RaggedDotDimensionNumbers } from "./enums.ts";

export interface RaggedDotGeneralOptions {
  precision?: PrecisionLike;
  preferredElementType?: DType | null;
  /** Not supported (JAX's CPU implementation raises too). */
  groupOffset?: ArrayLike | null;
}

const remaining = (n: number, ...drop: number[][]) => [...Array(n).keys()].filter((d) => !drop.some((ds) => ds.includes(d)));
const incr = (ds: readonly number[]) => ds.map((d) => d + 1);

/** x [...S] → [g, ...S]: group j keeps the positions of `dim` in its range, zero elsewhere. */
function expand(x: NDArray, dim: number, gs: NDArray, axes: number[]): NDArray {
  const g = gs.shape[gs.ndim - 1]!;
  const shape = [g, ...x.shape];
  const ends = lax.cumsum(gs, gs.ndim - 1);
  const starts = lax.sub(ends, gs);
  // gs's dims land on the output's (prefix axes + 1, then the group axis 0), in increasing order.
  const targets = [...incr(axes), 0];
  const order = [...targets.keys()].sort((a, b) => targets[a]! - targets[b]!);
  const place = (a: NDArray) =>
    lax.broadcastInDim(
      lax.transpose(a, order),
      shape,
      order.map((i) => targets[i]!),
    );
  const bs = place(starts);
  const be = place(ends);
  const iota = lax.broadcastInDim(lax.iota(gs.dtype, x.shape[dim]!), shape, [dim + 1]);
  const mask = lax.bitwiseAnd(lax.le(bs, iota), lax.lt(iota, be));
  const xb = lax.broadcastInDim(x, shape, incr([...x.shape.keys()]));
  return lax.select(mask, xb, lax.broadcastInDim(lax.convertElementType(0, x.dtype), shape, []));
}

function prefixDims(mode: string, rank: number, ragged: number, batch: number[], contract: number[]): number[] {
  const nonContract = remaining(rank, contract, batch);
  if (mode === "noncontracting") return [...batch, ...nonContract.slice(0, nonContract.indexOf(ragged))];
  if (mode === "contracting") return [...batch, ...contract.slice(0, contract.indexOf(ragged))];
  return batch.slice(0, batch.indexOf(ragged));
}

/**
 * lax.raggedDotGeneral(lhs, rhs, groupSizes, raggedDotDimensionNumbers, {precision,
 * preferredElementType}): `[b.., m.., k..] × [g, b.., k.., n..]` with m ragged → `[b.., m.., n..]`;
 * k ragged → `[g, b.., m.., n..]`; b ragged → plain dot_general. groupSizes is `[g]` or has the
 * lhs dims outer to the ragged one before g.
 */
export function raggedDotGeneral(
  lhs: ArrayLike,
  rhs: ArrayLike,
  groupSizes: ArrayLike,
  raggedDotDimensionNumbers: RaggedDotDimensionNumbers,
  options?: RaggedDotGeneralOptions,
): NDArray {
  const opts = checkOptions(options, "raggedDotGeneral", ["precision", "preferredElementType", "groupOffset"]);
  canonicalizePrecision(opts.precision);
  if (opts.groupOffset !== undefined && opts.groupOffset !== null) throw new ValueError("Unimplemented group_offset support.");
  const x = asOperand(lhs, "ragged_dot_general lhs");
  const y = asOperand(rhs, "ragged_dot_general rhs");
  let gs = asOperand(groupSizes, "ragged_dot_general group_sizes");
  if (gs.dtype !== "int32" && gs.dtype !== "uint32" && gs.dtype !== "int64") {
    throw new JaxTypeError(`ragged_dot_general requires that group_sizes.dtype is subtype of np.integer, got ${gs.dtype}`);
  }
  const rdn = raggedDotDimensionNumbers;
  if (rdn.lhsRaggedDimensions.length !== 1) throw new JaxTypeError("ragged_dot_general requires exactly one lhs ragged dimension");
  const [[lc, rc], [lb, rb]] = rdn.dotDimensionNumbers;
  const ragged = rdn.lhsRaggedDimensions[0]!;
  const nonContract = remaining(x.ndim, lc, lb);
  const mode = nonContract.includes(ragged) ? "noncontracting" : lc.includes(ragged) ? "contracting" : lb.includes(ragged) ? "batch" : null;
  if (mode === null) {
    throw new JaxTypeError(
      `lhs_ragged_dim ${ragged} not found in lhs_noncontracting [${nonContract}], lhs_contracting [${lc}], or lhs_batch [${lb}].`,
    );
  }
  const dg = { precision: opts.precision, preferredElementType: opts.preferredElementType ?? undefined };
  const lPrefix = prefixDims(mode, x.ndim, ragged, lb, lc);
  if (gs.ndim === 1) gs = lax.broadcastInDim(gs, [...lPrefix.map((d) => x.shape[d]!), gs.shape[0]!], [lPrefix.length]);
  if (mode === "noncontracting") {
    if (rdn.rhsGroupDimensions.length !== 1) throw new JaxTypeError("ragged_dot_general in this mode requires one rhs group dimension");
    return lax.dotGeneral(
      expand(x, ragged, gs, lPrefix),
      y,
      [
        [
          [...incr(lc), 0],
          [...rc, rdn.rhsGroupDimensions[0]!],
        ],
        [incr(lb), rb],
      ],
      dg,
    );
  }
  if (mode === "contracting") {
    const rRagged = rc[lc.indexOf(ragged)]!;
    const rPrefix = prefixDims(mode, y.ndim, rRagged, rb, rc);
    return lax.dotGeneral(
      expand(x, ragged, gs, lPrefix),
      expand(y, rRagged, gs, rPrefix),
      [
        [incr(lc), incr(rc)],
        [
          [0, ...incr(lb)],
          [0, ...incr(rb)],
        ],
      ],
      dg,
    );
  }
  return lax.dotGeneral(x, y, rdn.dotDimensionNumbers, dg);
}
