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
    const dn = params.dimension_numbers;
    if (l instanceof UndefinedPrimal) return [transposeLhs(ct, l.aval.shape, r as NDArray, dn, params), null];
    if (r instanceof UndefinedPrimal) {
      // Swap roles: transpose wrt rhs is transpose wrt lhs of the swapped dot.
      const [[lc, rc], [lb, rb]] = dn;
      const swapped: DotDims = [
        [rc, lc],
        [rb, lb],
      ];
      const lShape = (l as NDArray).shape;
      // In the swapped dot, output dims are (batch, rhsFree, lhsFree): permute ct accordingly.
      const nb = lb.length;
      const lFree = lShape.length - lc.length - lb.length;
      const rFree = r.aval.ndim - rc.length - rb.length;
      const perm = [...range(nb), ...range(rFree).map((i) => nb + lFree + i), ...range(lFree).map((i) => nb + i)];
      const ctS = bind1(transposeP, [ct], { permutation: perm });
      return [null, transposeLhs(ctS, r.aval.shape, l as NDArray, swapped, params)];
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

/** Cotangent of lhs: contract ct with rhs over rhs's free dims, then permute into lhs's layout. */
function transposeLhs(ct: NDArray, lShape: readonly number[], r: NDArray, dn: DotDims, params: DotGeneralParams): NDArray {
  const [[lc, rc], [lb, rb]] = dn;
  const lFree = range(lShape.length).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rFree = range(r.ndim).filter((i) => !rc.includes(i) && !rb.includes(i));
  const nb = lb.length;
  const ctRFree = rFree.map((_, i) => nb + lFree.length + i);
  const dims: DotDims = [
    [ctRFree, rFree],
    [range(nb), rb],
  ];
  const res = bind1(dotGeneralP, [ct, r], { ...params, dimension_numbers: dims });
  // res dims: [lb..., lFree..., rhs's remaining dims (= rc sorted) mapped to their lc partners].
  const sortedRc = [...rc].sort((x, y) => x - y);
  const src = [...lb, ...lFree, ...sortedRc.map((ri) => lc[rc.indexOf(ri)])];
  const perm = range(lShape.length).map((i) => src.indexOf(i));
  return perm.every((p, i) => p === i) ? res : bind1(transposeP, [res], { permutation: perm });
}
export type { BatchDim };
