// Scalar float32 erfinv, reproducing XLA's CPU computation step by step.
//
// JAX lowers lax.erf_inv to chlo.erf_inv, which XLA expands with M. Giles'
// single-precision approximation (ErfInv32):
//   w = -log1p(-x*x)
//   w < 5 ? p = P1(w - 2.5) : p = P2(sqrt(w) - 3)      (Horner, 9 coefficients)
//   erfinv(x) = |x| == 1 ? x * inf : p * x
// XLA's CPU backend evaluates log1p with its own f32 routine (a Cephes
// rational approximation for |y| < sqrt(2)-1, else log(1+y) with the Cephes /
// Eigen polynomial log of XLA's CPU runtime), and LLVM contracts a*b+c into
// fused multiply-adds (the x86 CPU targets have FMA). Each step below is one
// float32 operation (Math.fround) or one fused multiply-add (fma32, emulated
// exactly in float64 with round-to-odd). Checked bit-for-bit against JAX's
// jax.random.normal goldens and against jax.lax.erf_inv on CPU (21M inputs,
// see test/backend/wasm/erfinv.test.ts). XLA's CPU code runs with subnormals
// flushed to zero, so a subnormal result (|x| < ~1.33e-38) comes back as a
// zero of x's sign, as it does in JAX.
//
// The Wasm kernel (./erfinv.ts) performs exactly the same operations, so both
// backends agree bit for bit.

const f = Math.fround;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// little-endian hosts: u32[0] = low word, u32[1] = high word (sign, exponent)
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/**
 * float32 fused multiply-add: round32(a*b + c) with a single rounding, for
 * float32 inputs. a*b is exact in float64; the float64 sum is corrected to
 * round-to-odd (exact when the sum is exact), which makes the final rounding
 * to float32 correct (53 >= 24 + 2).
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  if (!Number.isFinite(s)) return f(s);
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  if (err === 0) return f(s);
  f64[0] = s;
  let lo = u32[LO];
  let hi = u32[HI];
  if (err < 0 !== s < 0) {
    // s was rounded away from zero: step its magnitude down by one ulp.
    if (lo === 0) {
      hi = (hi - 1) >>> 0;
      lo = 0xffffffff;
    } else lo = (lo - 1) >>> 0;
  }
  lo = (lo | 1) >>> 0;
  u32[LO] = lo;
  u32[HI] = hi;
  return f(f64[0]);
}

/** log1p's Cephes rational approximation coefficients, as XLA evaluates them in f32. */
export const LOG1P_NUM = [
  4.5270000862445199635215e-5, 4.9854102823193375972212e-1, 6.5787325942061044846969, 2.9911919328553073277375e1,
  6.0949667980987787057556e1, 5.7112963590585538103336e1, 2.0039553499201281259648e1,
].map(f);
export const LOG1P_DEN = [
  1, 1.5062909083469192043167e1, 8.3047565967967209469434e1, 2.2176239823732856465394e2, 3.0909872225312059774938e2,
  2.1642788614495947685003e2, 6.0118660497603843919306e1,
].map(f);
export const LOG1P_SMALL = f(0.4142135623730950488);

/** XLA CPU runtime's f32 log (Cephes polynomial, as in Eigen's plog). */
export const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
  3.3333331174e-1,
].map(f);
export const LOG_Q1 = f(-2.1219444e-4);

/**
 * XLA's log polynomial in t, in XLA's order of fused multiply-adds (three
 * chains of three coefficients joined by powers of t^3), plus e·Q1: one
 * schedule for the reference (numbers) and the emitters (vector values).
 */
export function logPolynomial<V>(fma: (a: V | number, b: V | number, c: V | number) => V, t: V, x3: V, eQ1: V): V {
  const P = LOG_P;
  let y = fma(t, P[0], P[1]);
  let y1 = fma(t, P[3], P[4]);
  let y2 = fma(t, P[6], P[7]);
  y = fma(y, t, P[2]);
  y1 = fma(y1, t, P[5]);
  y2 = fma(y2, t, P[8]);
  y = fma(y, x3, y1);
  y = fma(y, x3, y2);
  return fma(y, x3, eQ1);
}
export const LOG_Q2 = f(0.693359375);
export const SQRTHF = f(0.707106781186547524);
export const MIN_NORM = 1.1754943508222875e-38; // 2^-126

/** Giles' erfinv coefficients (highest degree first). */
export const ERFINV_LT5 = [
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941,
].map(f);
export const ERFINV_GE5 = [
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682,
].map(f);

/** The f32 log of XLA's CPU runtime (with FMA contraction), for a float32 input. */
export function xlaLogF32(v: number): number {
  if (Number.isNaN(v) || v < 0) return NaN;
  if (v === 0) return -Infinity;
  if (v === Infinity) return Infinity;
  let t = Math.max(v, MIN_NORM);
  // frexp: t = m * 2^k, m in [0.5, 1)
  f64[0] = t;
  const k = ((u32[HI] >>> 20) & 0x7ff) - 1022;
  u32[HI] = (u32[HI] & 0x800fffff) | 0x3fe00000;
  t = f64[0];
  let e = k;
  const small = t < SQRTHF;
  const tmp1 = small ? t : 0;
  t = f(t - 1);
  if (small) e = e - 1;
  t = f(t + tmp1);
  const x2 = f(t * t);
  const x3 = f(x2 * t);
  const y = logPolynomial<number>(fma32, t, x3, f(LOG_Q1 * e));
  t = fma32(-0.5, x2, t);
  t = f(t + y);
  return fma32(LOG_Q2, e, t);
}

/** XLA's f32 log1p (its CPU intrinsic, with FMA contraction), for a float32 input. */
export function xlaLog1pF32(x: number): number {
  if (!(Math.abs(x) < LOG1P_SMALL)) return xlaLogF32(f(x + 1));
  const x2 = f(x * x);
  let num = LOG1P_NUM[0];
  let den = LOG1P_DEN[0];
  for (let i = 1; i < 7; i++) {
    num = fma32(num, x, LOG1P_NUM[i]);
    den = fma32(den, x, LOG1P_DEN[i]);
  }
  let s = f(num / den);
  s = f(f(x * x2) * s);
  s = fma32(-0.5, x2, s);
  return f(x + s);
}

/** erfinv of a float32, as XLA computes it on CPU (JAX's lax.erf_inv / random.normal). */
export function erfInvF32(x: number): number {
  x = f(x);
  const w0 = -xlaLog1pF32(f(x * -x));
  const lt = w0 < 5;
  const w = lt ? f(w0 - 2.5) : f(f(Math.sqrt(w0)) - 3);
  const c = lt ? ERFINV_LT5 : ERFINV_GE5;
  let p = c[0];
  for (let i = 1; i < 9; i++) p = fma32(p, w, c[i]);
  if (Math.abs(x) === 1) return x * Infinity;
  const r = f(p * x);
  return Math.abs(r) < MIN_NORM ? x * 0 : r;
}
