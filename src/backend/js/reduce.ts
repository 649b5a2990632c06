// Reference kernels for reductions and cumulative reductions.
import { range64 } from "./int64.ts";
import type { ShapedArray } from "../../core/aval.ts";
import { isFloat } from "../../core/dtypes.ts";
import { lowpOutputRounding } from "../../core/lowp.ts";
import type { TypedArray } from "../../core/dtypes.ts";
import { stridesOf } from "../../core/shape.ts";
import type { Primitive } from "../../core/primitive.ts";
import {
  type ArgParams,
  type CumulativeParams,
  argmaxP,
  argminP,
  cumlogsumexpP,
  cummaxP,
  cumminP,
  cumprodP,
  cumsumP,
  reduceAndP,
  reduceMaxP,
  reduceMinP,
  reduceOrP,
  reduceProdP,
  reduceSumP,
  reduceXorP,
} from "../../lax/reduce.ts";
import type { AxesParams } from "../../lax/reduce_def.ts";
import { alloc, defKernel } from "./kernel.ts";
import { forEachIndex } from "./shape.ts";

/** Visit every input element with the flat index of its output (reduced) position. */
export function reduceInto(a: ShapedArray, axes: number[], f: (outFlat: number, inFlat: number) => void): void {
  const keep = a.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outStrides = stridesOf(keep.map((i) => a.shape[i]));
  const st = new Array<number>(a.ndim).fill(0);
  keep.forEach((d, k) => (st[d] = outStrides[k]));
  forEachIndex(a.shape, (flat, idx) => {
    let off = 0;
    for (let d = 0; d < idx.length; d++) off += idx[d] * st[d];
    f(off, flat);
  });
}

// int64/uint64 come here only as stand-ins (max/min/arg reductions, see int64_boundary.ts): their identities are the range's ends.
const is64 = (d: string): boolean => d === "int64" || d === "uint64";

function defReduce(
  prim: Primitive<AxesParams>,
  init: (float: boolean, dtype: string) => number,
  step: (acc: number, x: number) => number,
  fixInt?: (v: number) => number,
): void {
  defKernel(prim, ([x], [a], p, [o]) => {
    const acc = new Float64Array(o.size).fill(init(isFloat(a.dtype), a.dtype));
    reduceInto(a, p.axes, (of, inf) => {
      acc[of] = step(acc[of], x[inf]);
    });
    const out = alloc(o);
    for (let i = 0; i < out.length; i++) out[i] = !isFloat(a.dtype) && fixInt ? fixInt(acc[i]) : acc[i];
    return [out];
  });
}

const nanMax = (acc: number, x: number) => (Number.isNaN(acc) || Number.isNaN(x) ? NaN : x > acc ? x : acc);
const nanMin = (acc: number, x: number) => (Number.isNaN(acc) || Number.isNaN(x) ? NaN : x < acc ? x : acc);
const intMin = (d: string) => (is64(d) ? range64(d)[0] : d === "uint32" ? 0 : d === "bool" ? 0 : -2147483648);
const intMax = (d: string) => (is64(d) ? range64(d)[1] : d === "uint32" ? 4294967295 : d === "bool" ? 1 : 2147483647);

// Integer sums wrap like int32 arithmetic.
defKernel(reduceSumP, ([x], [a], p, [o]) => {
  const out = alloc(o);
  if (isFloat(a.dtype)) {
    // Pairwise-free but float64-accumulated sums: more accurate than XLA's f32, fine as a reference.
    const acc = new Float64Array(o.size);
    // The ml_dtypes floats (float8, ...) accumulate in their own format, rounding at each step, as XLA's CPU reduce does.
    const round = lowpOutputRounding(a.dtype);
    if (round)
      reduceInto(a, p.axes, (of, inf) => {
        acc[of] = round(acc[of] + x[inf]);
      });
    else
      reduceInto(a, p.axes, (of, inf) => {
        acc[of] += x[inf];
      });
    out.set(acc);
  } else {
    reduceInto(a, p.axes, (of, inf) => {
      // 32-bit ones wrap (the store narrows 8/16-bit ones).
      out[of] = a.dtype === "uint32" ? (out[of] + x[inf]) >>> 0 : (out[of] + x[inf]) | 0;
    });
  }
  return [out];
});
defReduce(reduceMaxP, (f, d) => (f ? -Infinity : intMin(d)), nanMax);
defReduce(reduceMinP, (f, d) => (f ? Infinity : intMax(d)), nanMin);
defKernel(reduceProdP, ([x], [a], p, [o]) => {
  const out = alloc(o);
  if (isFloat(a.dtype)) {
    const acc = new Float64Array(o.size).fill(1);
    const round = lowpOutputRounding(a.dtype);
    reduceInto(a, p.axes, (of, inf) => {
      acc[of] = round ? round(acc[of] * x[inf]) : acc[of] * x[inf];
    });
    out.set(acc);
  } else {
    out.fill(1);
    reduceInto(a, p.axes, (of, inf) => {
      out[of] = a.dtype === "uint32" ? Math.imul(out[of], x[inf]) >>> 0 : Math.imul(out[of], x[inf]);
    });
  }
  return [out];
});
defReduce(
  reduceAndP,
  () => 1,
  (acc, x) => (acc && x ? 1 : 0),
);
defReduce(
  reduceOrP,
  () => 0,
  (acc, x) => (acc || x ? 1 : 0),
);
defReduce(
  reduceXorP,
  () => 0,
  (acc, x) => (acc ? 1 : 0) ^ (x ? 1 : 0),
);

function defArg(prim: Primitive<ArgParams>, better: (x: number, best: number) => boolean): void {
  defKernel(prim, ([x], [a], p, [o]) => {
    const out = alloc(o);
    const best = new Float64Array(o.size).fill(NaN);
    const seen = new Uint8Array(o.size);
    const axis = p.axes[0];
    const axStride = stridesOf(a.shape)[axis];
    const axLen = a.shape[axis];
    reduceInto(a, p.axes, (of, inf) => {
      const v = x[inf];
      const axisIndex = Math.floor(inf / axStride) % axLen;
      if (!seen[of]) {
        seen[of] = 1;
        best[of] = v;
        out[of] = axisIndex;
        return;
      }
      // NaN wins (first NaN), as in NumPy/JAX.
      if (Number.isNaN(best[of])) return;
      if (Number.isNaN(v) || better(v, best[of])) {
        best[of] = v;
        out[of] = axisIndex;
      }
    });
    return [out];
  });
}
defArg(argmaxP, (x, b) => x > b);
defArg(argminP, (x, b) => x < b);

function defCum(prim: Primitive<CumulativeParams>, f: (acc: number, x: number, dtype: string) => number): void {
  defKernel(prim, ([x], [a], p, [o]) => {
    const out = alloc(o);
    const axis = p.axis;
    const rev = p.reverse;
    const n = a.shape[axis];
    const stride = stridesOf(a.shape)[axis];
    const outer = a.size / (n * stride || 1);
    for (let i = 0; i < outer; i++) {
      for (let j = 0; j < stride; j++) {
        const base = i * n * stride + j;
        let acc = 0;
        for (let k = 0; k < n; k++) {
          const kk = rev ? n - 1 - k : k;
          const idx = base + kk * stride;
          acc = k === 0 ? x[idx] : f(acc, x[idx], a.dtype);
          out[idx] = acc;
          acc = out[idx];
        }
      }
    }
    return [out];
  });
}
const wrapInt = (v: number, d: string) => (d === "int32" ? v | 0 : d === "uint32" ? v >>> 0 : v);
defCum(cumsumP, (acc, x, d) => (isFloat(d as never) ? acc + x : wrapInt(acc + x, d)));
defCum(cumprodP, (acc, x, d) => (isFloat(d as never) ? acc * x : wrapInt(Math.imul(acc, x), d)));
defCum(cummaxP, nanMax);
defCum(cumminP, nanMin);
defCum(cumlogsumexpP, (acc, x) => {
  const m = Math.max(acc, x);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(acc - m) + Math.exp(x - m));
});
export type { TypedArray };
