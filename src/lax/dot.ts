// dot_general: contraction over given dims with batch dims (XLA's DotGeneral).
import { ShapedArray } from "../core/aval.ts";
import type { DType } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, Primitive, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { addI } from "./elementwise.ts";
import { moveaxis } from "./helpers.ts";
import { transposeP, tuple } from "./shape_ops.ts";

/** [[lhsContract, rhsContract], [lhsBatch, rhsBatch]] */
export type DotDims = [[number[], number[]], [number[], number[]]];

/** The params of dot_general (precision is always None). */
export type DotGeneralParams = { dimension_numbers: DotDims; precision: null; preferred_element_type: DType | null };

function outShape(l: readonly number[], r: readonly number[], dn: DotDims): number[] {
  const [[lc, rc], [lb, rb]] = dn;
  const lFree = l.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rFree = r.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
  return [...lb.map((i) => l[i]), ...lFree.map((i) => l[i]), ...rFree.map((i) => r[i])];
}

export const dotGeneralP: Primitive<DotGeneralParams> = new Primitive("dot_general", {
  abstractEval([l, r], params) {
    const dn = params.dimension_numbers;
    const [[lc, rc], [lb, rb]] = dn;
    if (l.dtype !== r.dtype) throw new JaxTypeError(`dot_general requires operands of the same dtype, got ${l.dtype} and ${r.dtype}`);
    if (lc.length !== rc.length || lb.length !== rb.length) {
      throw new JaxTypeError(`dot_general requires equal numbers of lhs and rhs contracting/batch dimensions, got ${JSON.stringify(dn)}`);
    }
    for (const [ls, rs, what] of [
      [lc, rc, "contracting"],
      [lb, rb, "batch"],
    ] as const) {
      ls.forEach((li, k) => {
        const ri = rs[k];
        if (li < 0 || li >= l.ndim || ri < 0 || ri >= r.ndim)
          throw new JaxTypeError(`dot_general ${what} dimension out of range for shapes ${shapeStr(l.shape)} and ${shapeStr(r.shape)}`);
        if (l.shape[li] !== r.shape[ri]) {
          throw new JaxTypeError(
            `dot_general requires ${what} dimensions to have the same shape, got ${shapeStr(ls.map((i) => l.shape[i]))} and ${shapeStr(rs.map((i) => r.shape[i]))} (lhs shape ${shapeStr(l.shape)}, rhs shape ${shapeStr(r.shape)}).`,
          );
        }
      });
    }
    const dt = params.preferred_element_type ?? l.dtype;
    return [new ShapedArray(outShape(l.shape, r.shape, dn), dt, l.weakType && r.weakType)];
  },
  jvp([l, r], [tl, tr], params) {
    const ans = bind1(dotGeneralP, [l, r], params);
    const a = tl instanceof Zero ? null : bind1(dotGeneralP, [tl, r], params);
    const b = tr instanceof Zero ? null : bind1(dotGeneralP, [l, tr], params);
    return [[ans], [a && b ? addI(a, b) : (a ?? b ?? new Zero(ans.aval.strongType()))]];
  },
  transpose([ct], [l, r], params) {
    if (ct instanceof Zero) return [null, null];
    const [[lc, rc], [lb, rb]] = params.dimension_numbers;
    // ct's dims: the batch dims, lhs's free dims, then rhs's free dims.
    const nb = lb.length;
    const lFree = (l instanceof UndefinedPrimal ? l.aval.ndim : (l as NDArray).ndim) - lc.length - nb;
    if (l instanceof UndefinedPrimal) {
      const rFree = (r as NDArray).ndim - rc.length - nb;
      const other: Operand = { x: r as NDArray, contract: rc, batch: rb, ctFree: range(rFree).map((i) => nb + lFree + i) };
      return [operandCotangent(ct, other, l.aval.ndim, lc, lb, params), null];
    }
    if (r instanceof UndefinedPrimal) {
      const other: Operand = { x: l as NDArray, contract: lc, batch: lb, ctFree: range(lFree).map((i) => nb + i) };
      return [null, operandCotangent(ct, other, r.aval.ndim, rc, rb, params)];
    }
    throw new Error("dot_general transpose: both operands linear");
  },
  batch([l, r], [dl, dr], params) {
    const [[lc, rc], [lb, rb]] = params.dimension_numbers;
    const shift = (dims: number[]) => dims.map((d) => d + 1);
    if (dl !== null && dr !== null) {
      // Both batched: the vmapped axis becomes a new leading batch dimension.
      const lm = moveaxis(l, dl, 0);
      const rm = moveaxis(r, dr, 0);
      const dn: DotDims = [
        [shift(lc), shift(rc)],
        [
          [0, ...shift(lb)],
          [0, ...shift(rb)],
        ],
      ];
      return [[bind1(dotGeneralP, [lm, rm], { ...params, dimension_numbers: dn })], [0]];
    }
    if (dl !== null) {
      // lhs batched only: make it the first free lhs dim (output position = #batch dims).
      const lm = moveaxis(l, dl, 0);
      const dn: DotDims = [
        [shift(lc), rc],
        [shift(lb), rb],
      ];
      const out = bind1(dotGeneralP, [lm, r], { ...params, dimension_numbers: dn });
      return [[out], [lb.length]];
    }
    const rm = moveaxis(r, dr!, 0);
    const dn: DotDims = [
      [lc, shift(rc)],
      [lb, shift(rb)],
    ];
    const out = bind1(dotGeneralP, [l, rm], { ...params, dimension_numbers: dn });
    const lFree = l.ndim - lc.length - lb.length;
    return [[out], [lb.length + lFree]];
  },
  printParams: (p) => {
    const [[lc, rc], [lb, rb]] = p.dimension_numbers;
    return `dimension_numbers=((${tuple(lc)}, ${tuple(rc)}), (${tuple(lb)}, ${tuple(rb)})) precision=None preferred_element_type=${p.preferred_element_type ?? "None"}`;
  },
});

function range(n: number): number[] {
  return [...Array(n).keys()];
}

/** The operand of a dot_general that is not being transposed, with its dims' roles. */
interface Operand {
  x: NDArray;
  contract: number[];
  batch: number[];
  /** Where ct holds the dims this operand's free dims became. */
  ctFree: number[];
}

/**
 * The cotangent of one dot_general operand (`ndim` dims, contracting `contract`
 * and batch `batch` against `other`): ct contracted with the other operand over
 * that operand's free dims. Of the two operand orders, the one whose output is
 * already in the operand's layout is taken (a matmul's weight gradient is
 * x^T · ct, with no transposes of ct or of the result, where a fixed order
 * needs both); otherwise ct first, then a transpose.
 */
function operandCotangent(
  ct: NDArray,
  other: Operand,
  ndim: number,
  contract: number[],
  batch: number[],
  params: DotGeneralParams,
): NDArray {
  const nb = batch.length;
  const free = range(ndim).filter((i) => !contract.includes(i) && !batch.includes(i));
  const otherFree = range(other.x.ndim).filter((i) => !other.contract.includes(i) && !other.batch.includes(i));
  // The other operand's contracting dims survive the product in ascending order; each is its partner's.
  const partners = [...other.contract].sort((p, q) => p - q).map((d) => contract[other.contract.indexOf(d)]);
  const ctFirst = [...batch, ...free, ...partners];
  const otherFirst = [...batch, ...partners, ...free];
  const identity = (src: number[]) => src.every((d, i) => d === i);
  if (identity(otherFirst) && !identity(ctFirst)) {
    const dims: DotDims = [
      [otherFree, other.ctFree],
      [other.batch, range(nb)],
    ];
    return bind1(dotGeneralP, [other.x, ct], { ...params, dimension_numbers: dims });
  }
  const dims: DotDims = [
    [other.ctFree, otherFree],
    [range(nb), other.batch],
  ];
  const res = bind1(dotGeneralP, [ct, other.x], { ...params, dimension_numbers: dims });
  if (identity(ctFirst)) return res;
  return bind1(transposeP, [res], { permutation: range(ndim).map((i) => ctFirst.indexOf(i)) });
}
export type { BatchDim };
