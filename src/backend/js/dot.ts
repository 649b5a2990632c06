// Reference dot_general: batch × free-lhs × free-rhs × contraction loops.
import { stridesOf } from "../../core/shape.ts";
import { type DotGeneralParams, dotGeneralP } from "../../lax/dot.ts";
import type { ShapedArray } from "../../core/aval.ts";
import { alloc, defKernel } from "./kernel.ts";
import { isFloat } from "../../core/dtypes.ts";

/** Flat offsets of dot_general's index groups: batch, free (lhs, rhs) and contracting dims of each operand. */
export function dotOffsets(
  l: ShapedArray,
  r: ShapedArray,
  p: DotGeneralParams,
): Record<"lb" | "rb" | "lf" | "rf" | "lc" | "rc", Int32Array> {
  const [[lc, rc], [lb, rb]] = p.dimension_numbers;
  const lFree = l.shape.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rFree = r.shape.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
  const ls = stridesOf(l.shape);
  const rs = stridesOf(r.shape);
  const size = (dims: number[], shape: readonly number[]) => dims.reduce((a, d) => a * shape[d], 1);
  // Precompute flat offsets of each index combination of a dim group.
  const offsets = (dims: number[], shape: readonly number[], strides: number[]) => {
    const n = size(dims, shape);
    const out = new Int32Array(n);
    for (let f = 0; f < n; f++) {
      let rem = f;
      let off = 0;
      for (let k = dims.length - 1; k >= 0; k--) {
        const d = dims[k];
        off += (rem % shape[d]) * strides[d];
        rem = Math.floor(rem / shape[d]);
      }
      out[f] = off;
    }
    return out;
  };
  return {
    lb: offsets(lb, l.shape, ls),
    rb: offsets(rb, r.shape, rs),
    lf: offsets(lFree, l.shape, ls),
    rf: offsets(rFree, r.shape, rs),
    lc: offsets(lc, l.shape, ls),
    rc: offsets(rc, r.shape, rs),
  };
}

defKernel(dotGeneralP, ([x, y], [l, r], p, [o]) => {
  const { lb: lbOff, rb: rbOff, lf: lfOff, rf: rfOff, lc: lcOff, rc: rcOff } = dotOffsets(l, r, p);
  const out = alloc(o);
  const nB = lbOff.length,
    nL = lfOff.length,
    nR = rfOff.length,
    nC = lcOff.length;
  const intMode = !isFloat(o.dtype);
  let w = 0;
  for (let b = 0; b < nB; b++) {
    for (let i = 0; i < nL; i++) {
      const lo = lbOff[b] + lfOff[i];
      for (let j = 0; j < nR; j++) {
        const ro = rbOff[b] + rfOff[j];
        let acc = 0;
        if (intMode) for (let c = 0; c < nC; c++) acc = (acc + Math.imul(x[lo + lcOff[c]], y[ro + rcOff[c]])) | 0;
        else for (let c = 0; c < nC; c++) acc += x[lo + lcOff[c]] * y[ro + rcOff[c]];
        out[w++] = acc;
      }
    }
  }
  return [out];
});
