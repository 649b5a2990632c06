// Float64 reference results in plain JS: every library's output is checked
// against these before it is timed, so "equal results" means each library
// agrees with one independent oracle (and hence with the others).
import { SELU, SIZES, type MlpData, type RnnData } from "./data.ts";

export function selu(x: Float32Array): Float64Array {
  const { alpha, lmbda } = SELU;
  return Float64Array.from(x, (v) => lmbda * (v > 0 ? v : alpha * Math.exp(v) - alpha));
}

export function sum(x: Float32Array): Float64Array {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return Float64Array.of(s);
}

export function cumsum(x: Float32Array): Float64Array {
  const out = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) out[i] = s += x[i];
  return out;
}

/** C = A B for row-major A [m,k], B [k,n]. */
function mm(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      if (av === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
    }
  return c;
}
/** Aᵀ B for A [k,m], B [k,n]. */
function mmTA(a: ArrayLike<number>, b: ArrayLike<number>, k: number, m: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let p = 0; p < k; p++)
    for (let i = 0; i < m; i++) {
      const av = a[p * m + i];
      if (av === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
    }
  return c;
}
/** A Bᵀ for A [m,k], B [n,k]. */
function mmTB(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
      c[i * n + j] = s;
    }
  return c;
}

/** Flat indices of `count` sampled entries of an n×n product (the full product is too slow to check in JS). */
export function matmulSamples(n: number, count = 256): number[] {
  const idx: number[] = [];
  for (let s = 0; s < count; s++) idx.push(((s * 2654435761) >>> 0) % (n * n));
  return idx;
}
export function matmulAt(a: Float32Array, b: Float32Array, n: number, flat: number[]): Float64Array {
  return Float64Array.from(flat, (f) => {
    const [i, j] = [Math.floor(f / n), f % n];
    let s = 0;
    for (let p = 0; p < n; p++) s += a[i * n + p] * b[p * n + j];
    return s;
  });
}

/** Final hidden state of the RNN (see data.ts). */
export function rnn(d: RnnData): Float64Array {
  const { steps, hidden: H, input: I } = SIZES.rnn;
  let h = new Float64Array(H);
  for (let t = 0; t < steps; t++) {
    const z = Float64Array.from(d.b);
    for (let p = 0; p < H; p++) for (let j = 0; j < H; j++) z[j] += h[p] * d.wh[p * H + j];
    for (let p = 0; p < I; p++) for (let j = 0; j < H; j++) z[j] += d.xs[t * I + p] * d.wx[p * H + j];
    h = z.map(Math.tanh);
  }
  return h;
}

/**
 * One SGD step of the tanh MLP with mean softmax cross-entropy, by hand-written
 * backprop. Returns the updates (new − old) per parameter, which is lr × grad:
 * comparing updates checks the gradient itself, not the (much larger) weights.
 */
export function mlpUpdates(d: MlpData): Float64Array[] {
  const { batch: B, sizes, lr } = SIZES.mlp;
  const [n0, n1, n2, n3] = sizes;
  const [w1, b1, w2, b2, w3, b3] = d.params;
  const dense = (x: ArrayLike<number>, w: Float32Array, b: Float32Array, k: number, n: number) => {
    const z = mm(x, w, B, k, n);
    for (let i = 0; i < B; i++) for (let j = 0; j < n; j++) z[i * n + j] += b[j];
    return z;
  };
  const h1 = dense(d.x, w1, b1, n0, n1).map(Math.tanh);
  const h2 = dense(h1, w2, b2, n1, n2).map(Math.tanh);
  const z3 = dense(h2, w3, b3, n2, n3);
  const dz3 = new Float64Array(B * n3); // (softmax − y) / B
  for (let i = 0; i < B; i++) {
    let m = -Infinity;
    for (let j = 0; j < n3; j++) m = Math.max(m, z3[i * n3 + j]);
    let s = 0;
    for (let j = 0; j < n3; j++) s += Math.exp(z3[i * n3 + j] - m);
    for (let j = 0; j < n3; j++) dz3[i * n3 + j] = (Math.exp(z3[i * n3 + j] - m) / s - d.y[i * n3 + j]) / B;
  }
  const colSum = (g: Float64Array, n: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < B; i++) for (let j = 0; j < n; j++) out[j] += g[i * n + j];
    return out;
  };
  const tanhBack = (dh: Float64Array, h: Float64Array) => dh.map((v, i) => v * (1 - h[i] * h[i]));
  const dz2 = tanhBack(mmTB(dz3, w3, B, n3, n2), h2);
  const dz1 = tanhBack(mmTB(dz2, w2, B, n2, n1), h1);
  const grads = [
    mmTA(d.x, dz1, B, n0, n1),
    colSum(dz1, n1),
    mmTA(h1, dz2, B, n1, n2),
    colSum(dz2, n2),
    mmTA(h2, dz3, B, n2, n3),
    colSum(dz3, n3),
  ];
  return grads.map((g) => g.map((v) => -lr * v));
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Largest |got − want| / (atol + rtol·|want|); ≤ 1 means within tolerance. NaN counts as a failure. */
export function scaledError(got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): number {
  if (got.length !== want.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / (tol.atol + tol.rtol * Math.abs(want[i]));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}
