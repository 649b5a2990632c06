// float16 test values shared by the wasm kernel tests and the WebGPU checks:
// every float16 value, and float32 values at the float16 / bfloat16 rounding
// boundaries (ties, subnormals, overflow at 65520, NaN, -0, infinities).

/** Every float16 value (NaNs, infinities, subnormals, -0 included) as float32 numbers, by bit pattern. */
export function allFloat16Values(): Float32Array {
  const out = new Float32Array(65536);
  for (let b = 0; b < 65536; b++) {
    const e = (b >> 10) & 31;
    const m = b & 1023;
    const mag = e === 31 ? (m ? Number.NaN : Number.POSITIVE_INFINITY) : e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15);
    out[b] = b & 0x8000 ? -mag : mag;
  }
  return out;
}

/** Float32 values around the float16 and bfloat16 rounding boundaries. */
export const FLOAT16_BOUNDARIES = new Float32Array([
  65519.99,
  65520,
  -65520,
  65504,
  65535.99,
  1e-8,
  2.9802322e-8,
  2.9802326e-8,
  5.960464477539063e-8,
  8.940696716308594e-8,
  1 + 2 ** -11,
  1 + 3 * 2 ** -11,
  1 + 2 ** -11 + 2 ** -20,
  Number.NaN,
  3e-5,
  6.1e-5,
  6.097555e-5,
  6.103515625e-5,
  -0,
  1 / 3,
  3.3895314e38,
  3.4e38,
  1 + 2 ** -8,
  1 + 3 * 2 ** -8,
  1e-40,
  Number.NEGATIVE_INFINITY,
  Number.POSITIVE_INFINITY,
  -2.5e-8,
]);
