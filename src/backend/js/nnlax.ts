// Reference kernels for the lax additions of the nn/lax breadth work:
// erfc, and the window / top-k / bit primitives registered below.
import { alloc, defKernel } from "./kernel.ts";
import { erf, erfc } from "./special.ts";
import { reducePrecisionBits, reducePrecisionP } from "../../lax/reduce_precision.ts";

defKernel("erfc", ([x], _a, _p, [o]) => {
  const out = alloc(o);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = Number.isNaN(v) ? NaN : v < 0.5 ? 1 - erf(v) : erfc(v);
  }
  return [out];
});

defKernel("clz", ([x], _a, _p, [o]) => {
  const out = alloc(o);
  for (let i = 0; i < x.length; i++) out[i] = Math.clz32(x[i]);
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
