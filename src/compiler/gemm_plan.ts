// dot_general as a GEMM, planned: the batch, free and contracting dimensions
// of each operand are collapsed into one strided dimension each (operands
// may be strided views such as transposes: no copy), and C is the contiguous
// [batch, M, N] result that dot_general's output layout already is. Plans are
// data; a backend with a GEMM runs them (see Target.gemmDtypes).
import type { ShapedArray } from "../core/aval.ts";
import { stridesOf } from "../core/shape.ts";
import type { DotGeneralParams } from "../lax/dot.ts";
import type { Node, View } from "./kernel.ts";

export interface GemmPlan {
  batch: number;
  m: number;
  n: number;
  k: number;
  /** Element strides (batch, row, col) and offset of A (m×k) and B (k×n). */
  a: { bs: number; rs: number; cs: number; offset: number };
  b: { bs: number; rs: number; cs: number; offset: number };
  /** How many output dims form the batch, row and column groups of C. */
  outGroups: [number, number, number];
}

/** Size and stride of a group of dims as one dim, or null if they are not one strided dim. */
function collapse(dims: readonly number[], shape: readonly number[], strides: readonly number[]): { size: number; stride: number } | null {
  const live = dims.filter((d) => shape[d] !== 1);
  const size = dims.reduce((acc, d) => acc * shape[d], 1);
  if (live.length === 0) return { size, stride: 0 };
  for (let i = 0; i + 1 < live.length; i++) {
    if (strides[live[i]] !== strides[live[i + 1]] * shape[live[i + 1]]) return null;
  }
  return { size, stride: strides[live[live.length - 1]] };
}

/** An operand's dims in three groups: batch, free (in order) and contracting. */
function groupsOf(rank: number, batch: readonly number[], contract: readonly number[]): [number[], number[], number[]] {
  const free = [...Array(rank).keys()].filter((d) => !batch.includes(d) && !contract.includes(d));
  return [[...batch], free, [...contract]];
}

/** Whether each group of dims is one strided dim of the operand as it lies. */
function groupsCollapse(groups: number[][], shape: readonly number[], view: View | undefined): boolean {
  const strides = view?.strides ?? stridesOf(shape);
  return groups.every((g) => collapse(g, shape, strides) !== null);
}

/**
 * A dot_general whose operands need transposing before a GEMM can read
 * them: the permutation of each operand that does (null where it lies
 * well), to [batch, free, contracting] for the lhs and [batch,
 * contracting, free] for the rhs, and the dimension numbers over the
 * transposed operands. Null when both can be read in place. Batch dims
 * between free ones (attention's BTNH with batch B and N) are the case.
 */
export interface DotRelayout {
  lhsPerm: number[] | null;
  rhsPerm: number[] | null;
  params: DotGeneralParams;
}

export function relayoutDot(
  lhsShape: readonly number[],
  rhsShape: readonly number[],
  params: DotGeneralParams,
  lv?: View,
  rv?: View,
): DotRelayout | null {
  const [[lc, rc], [lb, rb]] = params.dimension_numbers;
  const [lB, lF, lC] = groupsOf(lhsShape.length, lb, lc);
  const [rB, rF, rC] = groupsOf(rhsShape.length, rb, rc);
  const lhsPerm = groupsCollapse([lB, lF, lC], lhsShape, lv) ? null : [...lB, ...lF, ...lC];
  const rhsPerm = groupsCollapse([rB, rC, rF], rhsShape, rv) ? null : [...rB, ...rC, ...rF];
  if (!lhsPerm && !rhsPerm) return null;
  const nb = lb.length;
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
  const newL = lhsPerm ? [range(nb + lF.length, lc.length), range(0, nb)] : [[...lc], [...lb]];
  const newR = rhsPerm ? [range(nb, rc.length), range(0, nb)] : [[...rc], [...rb]];
  return {
    lhsPerm,
    rhsPerm,
    params: {
      ...params,
      dimension_numbers: [
        [newL[0], newR[0]],
        [newL[1], newR[1]],
      ],
    },
  };
}

/** The GEMM for a dot_general over operands seen through views (contiguous when omitted), or null. */
export function planDot(
  lhs: ShapedArray,
  rhs: ShapedArray,
  out: ShapedArray,
  params: DotGeneralParams,
  lv?: View,
  rv?: View,
): GemmPlan | null {
  if (lhs.dtype !== out.dtype || rhs.dtype !== out.dtype) return null;
  const [[lc, rc], [lb, rb]] = params.dimension_numbers;
  const lViews = lv ?? { strides: stridesOf(lhs.shape), offset: 0 };
  const rViews = rv ?? { strides: stridesOf(rhs.shape), offset: 0 };
  const lFree = groupsOf(lhs.ndim, lb, lc)[1];
  const rFree = groupsOf(rhs.ndim, rb, rc)[1];
  const parts = [
    collapse(lb, lhs.shape, lViews.strides),
    collapse(lFree, lhs.shape, lViews.strides),
    collapse(lc, lhs.shape, lViews.strides),
    collapse(rb, rhs.shape, rViews.strides),
    collapse(rc, rhs.shape, rViews.strides),
    collapse(rFree, rhs.shape, rViews.strides),
  ];
  if (parts.some((p) => p === null)) return null;
  const [ab, am, ak, bb, bk, bn] = parts as { size: number; stride: number }[];
  return {
    batch: ab.size,
    m: am.size,
    n: bn.size,
    k: ak.size,
    a: { bs: ab.stride, rs: am.stride, cs: ak.stride, offset: lViews.offset },
    b: { bs: bb.stride, rs: bk.stride, cs: bn.stride, offset: rViews.offset },
    outGroups: [lb.length, lFree.length, rFree.length],
  };
}

/** The [batch, m, n] strides of a view over C's full shape, or null if it is not expressible so. */
export function collapseToGroups(
  p: GemmPlan,
  shape: readonly number[],
  v: View,
): { bs: number; rs: number; cs: number; offset: number } | null {
  const [nb, nm] = p.outGroups;
  const dims = shape.map((_, d) => d);
  const g = [
    collapse(dims.slice(0, nb), shape, v.strides),
    collapse(dims.slice(nb, nb + nm), shape, v.strides),
    collapse(dims.slice(nb + nm), shape, v.strides),
  ];
  if (g.some((x) => x === null)) return null;
  return { bs: g[0]!.stride, rs: g[1]!.stride, cs: g[2]!.stride, offset: v.offset };
}

/** An elementwise epilogue fused into a GEMM: rewrites each finished block of C. */
export interface Epilogue {
  /** The value written to C, over loads where input 0 is C itself. */
  node: Node;
  /** Element strides (batch, row, col) and offset of inputs 1.. (input 0 is C). */
  inputs: { bs: number; rs: number; cs: number; offset: number }[];
}
