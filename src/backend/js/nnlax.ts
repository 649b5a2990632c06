// Reference kernels for the lax additions of the nn/lax breadth work:
// the window / top-k / bit primitives registered below (erfc is special_kernels.ts's).
import { alloc, defKernel } from "./kernel.ts";
import { reducePrecisionBits, reducePrecisionP } from "../../lax/reduce_precision.ts";
import { topKP } from "../../lax/top_k.ts";
import { topKIndices } from "./top_k_select.ts";

defKernel("clz", ([x], [a], _p, [o]) => {
  const out = alloc(o);
  // 8/16-bit integers: leading zeros within their own width.
  const bits = a.dtype === "int8" || a.dtype === "uint8" ? 8 : a.dtype === "int16" || a.dtype === "uint16" ? 16 : 32;
  const mask = bits === 32 ? 0xffffffff : 2 ** bits - 1;
  for (let i = 0; i < x.length; i++) out[i] = Math.clz32(x[i] & mask) - (32 - bits);
  return [out];
});

// The high 32 bits of the 64-bit product (signed for int32, unsigned for uint32).
defKernel("mulhi", ([x, y], [a], _p, [o]) => {
  const out = alloc(o);
  for (let i = 0; i < out.length; i++) out[i] = Number((BigInt(x[i]) * BigInt(y[i])) >> 32n);
  if (a.dtype === "uint32") for (let i = 0; i < out.length; i++) out[i] = out[i] >>> 0;
  return [out];
});

defKernel(reducePrecisionP, ([x], [a], p, [o]) => {
  const out = alloc(o);
  const view = new DataView(new ArrayBuffer(8));
  const wide = a.dtype === "float64";
  // float16 values are held as float32 here: round within float16's own format.
  const [srcExp, srcMant] = wide ? [11, 52] : [8, 23];
  const half = a.dtype === "float16";
  const exp = half && p.exponent_bits >= 5 ? srcExp : Math.min(p.exponent_bits, srcExp);
  const mant = half && p.mantissa_bits >= 10 ? srcMant : Math.min(p.mantissa_bits, srcMant);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) {
      out[i] = v;
      continue;
    }
    if (wide) {
      view.setFloat64(0, v);
      view.setBigUint64(0, reducePrecisionBits(view.getBigUint64(0), srcExp, srcMant, exp, mant));
      out[i] = view.getFloat64(0);
    } else {
      view.setFloat32(0, v);
      view.setUint32(0, Number(reducePrecisionBits(BigInt(view.getUint32(0)), srcExp, srcMant, exp, mant)));
      out[i] = view.getFloat32(0);
    }
  }
  return [out];
});

defKernel(topKP, ([x], [a], { k, axis }, [ov, oi]) => {
  const bits = x instanceof Float32Array ? new Int32Array(x.buffer, x.byteOffset, x.length) : null;
  const vals = alloc(ov);
  const idx = alloc(oi);
  const n = a.shape[axis];
  const inner = a.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const outer = a.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      // A float32 NaN's sign bit, which XLA's order reads (a negative NaN comes last).
      const negative = bits ? (j: number) => bits[base + j * inner] < 0 : undefined;
      const best = topKIndices((j) => x[base + j * inner] as number, n, k, undefined, negative);
      const outBase = o * k * inner + i;
      for (let j = 0; j < k; j++) {
        vals[outBase + j * inner] = x[base + best[j] * inner];
        idx[outBase + j * inner] = best[j];
      }
    }
  }
  return [vals, idx];
});
