// Reference kernel of fft_real (the fft primitive on real and imaginary
// parts held apart). Any length: iterative radix-2 for powers of two,
// Bluestein's chirp-z (through a power-of-two FFT) for the others. Work in
// float64; IFFT and IRFFT scaled by 1/N as XLA's.
import type { TypedArray } from "../../core/dtypes.ts";
import { type FftParams, fftRealP } from "../../lax/fft.ts";
import { alloc, defKernel } from "./kernel.ts";

/** Twiddles exp(-2πik/n), k < n/2, and the bit-reversal permutation of a power-of-two n, cached per n. */
interface Plan {
  cos: Float64Array;
  sin: Float64Array;
  rev: Uint32Array;
}
const plans = new Map<number, Plan>();
function planFor(n: number): Plan {
  let p = plans.get(n);
  if (p) return p;
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  // Computed directly (not by recurrence) to keep float64 accuracy.
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  const rev = new Uint32Array(n);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    rev[i] = j;
  }
  p = { cos, sin, rev };
  if (plans.size > 32) plans.clear();
  plans.set(n, p);
  return p;
}

/** In-place radix-2 FFT of length n (a power of two); sign -1 forward, +1 inverse (unscaled). */
function radix2(re: Float64Array, im: Float64Array, sign: number): void {
  const n = re.length;
  const { cos, sin, rev } = planFor(n);
  for (let i = 1; i < n; i++) {
    const j = rev[i];
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let s = 0; s < n; s += len)
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const wr = cos[t];
        const wi = sign < 0 ? sin[t] : -sin[t];
        const a = s + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
  }
}

interface Chirp {
  m: number;
  /** w_k = exp(sign·iπk²/n), k < n */
  wr: Float64Array;
  wi: Float64Array;
  /** FFT of the conjugate chirp, wrapped to length m. */
  br: Float64Array;
  bi: Float64Array;
}
const chirps = new Map<string, Chirp>();

function chirp(n: number, sign: number): Chirp {
  const key = `${n},${sign}`;
  let c = chirps.get(key);
  if (c) return c;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k² mod 2n keeps the angle small (exact for n < 2^26).
    const a = (Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(a);
    wi[k] = sign * Math.sin(a);
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    br[k] = wr[k];
    bi[k] = -wi[k];
    if (k > 0) {
      br[m - k] = wr[k];
      bi[m - k] = -wi[k];
    }
  }
  radix2(br, bi, -1);
  c = { m, wr, wi, br, bi };
  if (chirps.size > 64) chirps.clear();
  chirps.set(key, c);
  return c;
}

/** In-place DFT of any length; sign -1 forward, +1 inverse (unscaled). */
export function dft(re: Float64Array, im: Float64Array, sign: number): void {
  const n = re.length;
  if (n <= 1) return;
  if ((n & (n - 1)) === 0) return radix2(re, im, sign);
  // Bluestein: X_k = w_k Σ_j (x_j w_j) conj(w_{k-j}), a convolution done by FFTs of length m.
  const { m, wr, wi, br, bi } = chirp(n, sign);
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    ar[j] = re[j] * wr[j] - im[j] * wi[j];
    ai[j] = re[j] * wi[j] + im[j] * wr[j];
  }
  radix2(ar, ai, -1);
  for (let k = 0; k < m; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    ai[k] = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
  }
  radix2(ar, ai, 1);
  for (let k = 0; k < n; k++) {
    const cr = ar[k] / m;
    const ci = ai[k] / m;
    re[k] = cr * wr[k] - ci * wi[k];
    im[k] = cr * wi[k] + ci * wr[k];
  }
}

/** Complex transform along `axis` of row-major data of `shape`, in place; inverse scaled by 1/n. */
function alongAxis(re: Float64Array, im: Float64Array, shape: readonly number[], axis: number, inverse: boolean): void {
  const n = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const lr = new Float64Array(n);
  const li = new Float64Array(n);
  const s = inverse ? 1 / n : 1;
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let k = 0; k < n; k++) {
        lr[k] = re[base + k * inner];
        li[k] = im[base + k * inner];
      }
      dft(lr, li, inverse ? 1 : -1);
      for (let k = 0; k < n; k++) {
        re[base + k * inner] = lr[k] * s;
        im[base + k * inner] = li[k] * s;
      }
    }
}

/** Rows of length `from` along the last axis, copied into rows of length `to` (cut or zero-filled). */
function resizeLast(x: Float64Array, rows: number, from: number, to: number): Float64Array {
  const out = new Float64Array(rows * to);
  const w = Math.min(from, to);
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * from, r * from + w), r * to);
  return out;
}

const f64 = (x: TypedArray) => Float64Array.from(x as ArrayLike<number>);

defKernel(fftRealP, (ins, [a], p: FftParams, outAvals) => {
  const L = p.fft_lengths;
  const k = L.length;
  const first = a.ndim - k;
  const n = L[k - 1];
  const m = Math.floor(n / 2) + 1;
  let shape = [...a.shape];
  let re: Float64Array;
  let im: Float64Array;
  if (p.fft_type === "RFFT") {
    re = f64(ins[0]);
    im = new Float64Array(re.length);
    for (let d = first; d < a.ndim; d++) alongAxis(re, im, shape, d, false);
    const rows = re.length / n;
    re = resizeLast(re, rows, n, m);
    im = resizeLast(im, rows, n, m);
    shape = [...shape.slice(0, -1), m];
  } else if (p.fft_type === "IRFFT") {
    re = f64(ins[0]);
    im = f64(ins[1]);
    for (let d = first; d < a.ndim - 1; d++) alongAxis(re, im, shape, d, true);
    // The half spectrum (m bins) extended to n by Hermitian symmetry; the real part of its inverse.
    const rows = re.length / m;
    const fr = new Float64Array(rows * n);
    const fi = new Float64Array(rows * n);
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < n; j++) {
        const src = j < m ? j : n - j;
        fr[r * n + j] = re[r * m + src];
        fi[r * n + j] = j < m ? im[r * m + src] : -im[r * m + src];
      }
    shape = [...shape.slice(0, -1), n];
    alongAxis(fr, fi, shape, a.ndim - 1, true);
    const out = alloc(outAvals[0]);
    out.set(fr);
    return [out];
  } else {
    re = f64(ins[0]);
    im = f64(ins[1]);
    for (let d = first; d < a.ndim; d++) alongAxis(re, im, shape, d, p.fft_type === "IFFT");
  }
  const [o0, o1] = outAvals;
  const r = alloc(o0);
  const i = alloc(o1);
  r.set(re);
  i.set(im);
  return [r, i];
});
