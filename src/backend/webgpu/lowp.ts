// float16 and bfloat16 on the webgpu backend: values are held as f32 (the
// storage the CPU backends use, see core/dtypes.ts storageCtor), each result
// rounded to the narrow format on the bits, round to nearest even, as the
// reference kernels' roundToFloat16 / roundToBfloat16 do. Not pack2x16float
// (its rounding of out-of-range values is implementation-defined) and not
// WGSL's f16 (the shader-f16 feature, missing on SwiftShader): every adapter
// then gives the same bits.
//
// float16 sums (reductions, dot products) accumulate exactly: every float16
// value and every product of two is an integer multiple of 2^-48, so the
// accumulator (fx_*) is a 96-bit two's-complement integer of 2^-48 units plus
// flags for infinities and NaN; its value is rounded to f32 once, then to
// float16. The reference kernels accumulate in float64, exact for these sums
// until a partial sum needs more than 53 bits; exact here until |sum| reaches
// 2^47 (some 2^15 products of float16's largest values).
import type { LowpFloatKType } from "../../compiler/ktype.ts";

/** The WGSL expression rounding an f32 expression to float16 or bfloat16. */
export function lowpRound(t: LowpFloatKType, x: string): string {
  return t === "f16" ? `round_f16(${x})` : `round_bf16(${x})`;
}

export const LOWP_HELPERS: Record<string, string> = {
  // Ties to even on the bits: normal results keep 10 of f32's 23 mantissa
  // bits; |x| >= 65520 (65504 plus half an ulp) overflows to infinity;
  // below 2^-14 the spacing is 2^-24 (subnormals), rounded as an integer count.
  round_f16: `fn round_f16(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  let s = b & 0x80000000u;
  let a = b & 0x7fffffffu;
  if (a >= 0x7f800000u) { return x; }
  if (a >= 0x477ff000u) { return bitcast<f32>(s | 0x7f800000u); }
  if (a >= 0x38800000u) {
    return bitcast<f32>(s | ((a + 0xfffu + ((a >> 13u) & 1u)) & 0xffffe000u));
  }
  let e = a >> 23u;
  if (e < 102u) { return bitcast<f32>(s); }
  let m = (a & 0x7fffffu) | 0x800000u;
  let sh = 126u - e;
  var q = m >> sh;
  let rem = m & ((1u << sh) - 1u);
  let half = 1u << (sh - 1u);
  if (rem > half || (rem == half && (q & 1u) == 1u)) { q = q + 1u; }
  return bitcast<f32>(s | bitcast<u32>(f32(q) * 5.9604644775390625e-8));
}`,
  round_bf16: `fn round_bf16(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) > 0x7f800000u) { return x; }
  return bitcast<f32>((b + 0x7fffu + ((b >> 16u) & 1u)) & 0xffff0000u);
}`,
  fx_neg: `fn fx_neg(w: vec3u) -> vec3u {
  let x = ~w.x + 1u;
  let c1 = select(0u, 1u, x == 0u);
  let y = ~w.y + c1;
  let c2 = select(0u, 1u, c1 == 1u && y == 0u);
  return vec3u(x, y, ~w.z + c2);
}`,
  // An f32 that is a multiple of 2^-48 (a float16, or a product of two) as an
  // accumulator: (low, middle, high word, flags 1 = +inf, 2 = -inf, 4 = NaN).
  fx_of: `fn fx_of(x: f32) -> vec4u {
  let b = bitcast<u32>(x);
  let e = (b >> 23u) & 0xffu;
  if (e == 255u) {
    if ((b & 0x7fffffu) != 0u) { return vec4u(0u, 0u, 0u, 4u); }
    return vec4u(0u, 0u, 0u, select(1u, 2u, (b >> 31u) != 0u));
  }
  if (e < 79u) { return vec4u(0u); }
  let m = (b & 0x7fffffu) | 0x800000u;
  var w = vec3u(0u);
  if (e < 102u) {
    w.x = m >> (102u - e);
  } else {
    let sh = e - 102u;
    let bs = sh & 31u;
    let lo = m << bs;
    let hi = select(m >> (32u - bs), 0u, bs == 0u);
    let ws = sh >> 5u;
    if (ws == 0u) { w = vec3u(lo, hi, 0u); } else if (ws == 1u) { w = vec3u(0u, lo, hi); } else if (ws == 2u) { w = vec3u(0u, 0u, lo); }
  }
  if ((b >> 31u) != 0u) { w = fx_neg(w); }
  return vec4u(w, 0u);
}`,
  fx_add: `fn fx_add(a: vec4u, b: vec4u) -> vec4u {
  let x = a.x + b.x;
  let c1 = select(0u, 1u, x < a.x);
  let y1 = a.y + b.y;
  let c2 = select(0u, 1u, y1 < a.y);
  let y = y1 + c1;
  let c3 = select(0u, 1u, y < y1);
  return vec4u(x, y, a.z + b.z + c2 + c3, a.w | b.w);
}`,
  // The accumulator's value, rounded once to f32 (ties to even).
  fx_value: `fn fx_value(a: vec4u) -> f32 {
  if ((a.w & 4u) != 0u || (a.w & 3u) == 3u) { return bitcast<f32>(NAN_BITS); }
  if (a.w == 1u) { return bitcast<f32>(INF_BITS); }
  if (a.w == 2u) { return bitcast<f32>(NEG_INF_BITS); }
  var w = a.xyz;
  let neg = (w.z >> 31u) != 0u;
  if (neg) { w = fx_neg(w); }
  if (w.x == 0u && w.y == 0u && w.z == 0u) { return 0.0; }
  var lz = 0u;
  if (w.z == 0u) { w = vec3u(0u, w.x, w.y); lz = 32u; }
  if (w.z == 0u) { w = vec3u(0u, w.x, w.y); lz = lz + 32u; }
  let c = countLeadingZeros(w.z);
  if (c > 0u) { w = vec3u(w.x << c, (w.y << c) | (w.x >> (32u - c)), (w.z << c) | (w.y >> (32u - c))); }
  lz = lz + c;
  var mant = w.z >> 8u;
  let rb = w.z & 0xffu;
  let sticky = w.y != 0u || w.x != 0u;
  if (rb > 0x80u || (rb == 0x80u && (sticky || (mant & 1u) == 1u))) { mant = mant + 1u; }
  var ex = 174u - lz;
  if (mant == 0x1000000u) { mant = 0x800000u; ex = ex + 1u; }
  return bitcast<f32>(select(0u, 0x80000000u, neg) | (ex << 23u) | (mant & 0x7fffffu));
}`,
};

/** Helpers the lowp helpers call. */
export const LOWP_DEPS: Record<string, string[]> = { fx_of: ["fx_neg"], fx_value: ["fx_neg"] };
