// Constants for the Wasm math kernels (derived offline from 100 digits of pi
// with BigInt arithmetic; test/backend/wasm/math.test.ts re-derives them).

export const LOG2E = 1.4426950408889634;
/** ln2 split (fdlibm): LN2_HI has 32 significant bits, so k*LN2_HI is exact for |k| < 2^21. */
export const LN2_HI = 6.9314718036912381649e-1;
export const LN2_LO = 1.90821492927058770002e-10;
export const SQRT2 = Math.SQRT2;
export const TWO_OVER_PI = 0.6366197723675814;
/** pi/2 in three pieces of <= 30 significant bits (n * PIO2_k is exact for |n| < 2^23). */
export const PIO2_1 = 1.570796325802803;
export const PIO2_2 = 9.920935791635221e-10;
export const PIO2_3 = 5.17018297889025e-19;
/** pi/2 = PIO2_HI + PIO2_LO to ~107 bits. */
export const PIO2_HI = 1.5707963267948966;
export const PIO2_LO = 6.123233995736766e-17;
/** Bits of 2/pi, 24 at a time (fdlibm's two_over_pi table). */
export const TWO_OVER_PI_CHUNKS = [
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb,
] as const;
/** Above this |x| (f32 inputs), sin/cos use the exact multi-word reduction. */
export const BIG_ARG = 4194304; // 2^22

/**
 * Chebyshev coefficients (c0 counted twice, as in c0/2 + sum c_k T_k(t)) of
 * R(x) = erfc(x) * exp(x^2) on x in [0.5, 4], t = (2x - 4.5) / 3.5; relative
 * error 2.6e-12 with these 20 terms.
 */
export const ERFC_R_CHEB = [
  0.5936369095814764, -0.21439910886829258, 0.07208344566478063, -0.022822076624612685, 0.006860448658014543, -0.0019701909332856017,
  0.0005431390253292312, -0.0001442896237133969, 0.000037055640273786494, -0.000009223949024724416, 0.0000022304759245287777,
  -5.249700976113954e-7, 1.2046393249217265e-7, -2.6990138957128096e-8, 5.912153096717295e-9, -1.2676058980254368e-9,
  2.6630267990768173e-10, -5.4869468228228395e-11, 1.1097093614390967e-11, -2.204706787504544e-12,
] as const;

/** 1/n! for n = 0..16. */
export const INV_FACT: readonly number[] = (() => {
  const out = [1];
  for (let n = 1; n <= 16; n++) out.push(out[n - 1] / n);
  return out;
})();
