// jnp.fft: discrete Fourier transforms of any length, as products with the
// DFT matrix (complex matmuls, so jvp/vjp/vmap/jit come from the dot rules).
// O(n²) per transformed axis: exact for every length, slow for long ones
// (a fast fft primitive is the next step).
import { isComplex, isFloat } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxis } from "../core/shape.ts";
import { astype } from "./elementwise.ts";
import { matmul } from "./linalg_basic.ts";
import { moveaxis, roll } from "./shape.ts";
import { asArray } from "./util.ts";
import { conj, imag, real } from "./complex.ts";
import { arrayFromJs } from "../core/convert.ts";
import { bind1 } from "../core/trace.ts";
import { padP, sliceP } from "../lax/shape_ops.ts";
import { scalarArray } from "../core/convert.ts";
import * as E from "../lax/elementwise.ts";

export type FftNorm = "backward" | "ortho" | "forward";
export interface FftOptions {
  n?: number | null;
  axis?: number;
  norm?: FftNorm | null;
}
export interface FftNOptions {
  s?: number[] | null;
  axes?: number[] | null;
  norm?: FftNorm | null;
}

function checkNorm(norm: unknown, name: string): FftNorm {
  if (norm === undefined || norm === null) return "backward";
  if (norm === "backward" || norm === "ortho" || norm === "forward") return norm;
  throw new ValueError(`${name}: Invalid norm value ${JSON.stringify(norm)}; should be "backward","ortho" or "forward".`);
}

const toComplex = (a: NDArray) => (isComplex(a.dtype) ? a : astype(a, a.dtype === "float64" ? "complex128" : "complex64"));
const toReal = (a: NDArray) => (isFloat(a.dtype) ? a : astype(a, "float32"));

/** `a` with its last axis cut or zero-padded to length n. */
function fitLast(a: NDArray, n: number): NDArray {
  const m = a.shape[a.ndim - 1];
  if (m === n) return a;
  if (m > n) {
    return bind1(sliceP, [a], { start_indices: a.shape.map(() => 0), limit_indices: [...a.shape.slice(0, -1), n], strides: null });
  }
  const cfg = a.shape.map((_, i) => (i === a.ndim - 1 ? [0, n - m, 0] : [0, 0, 0]));
  return bind1(padP, [a, scalarArray(0, a.dtype, false)], { padding_config: cfg });
}

/** The DFT matrix W[j, k] = exp(∓2πi jk/n) (n × m: m outputs), built on the host in float64. */
function dftMatrix(n: number, m: number, inverse: boolean, dtype: "complex64" | "complex128"): NDArray {
  const vals: Array<{ re: number; im: number }> = [];
  const sgn = inverse ? 1 : -1;
  for (let j = 0; j < n; j++)
    for (let k = 0; k < m; k++) {
      const t = (2 * Math.PI * ((j * k) % n)) / n;
      vals.push({ re: Math.cos(t), im: sgn * Math.sin(t) });
    }
  return arrayFromJs(vals, dtype).reshape([n, m]);
}

function scaleBy(a: NDArray, s: number): NDArray {
  if (s === 1) return a;
  const k = scalarArray(s, isComplex(a.dtype) ? (a.dtype === "complex128" ? "float64" : "float32") : a.dtype, true);
  return a.mul(k);
}
/** The factor of a forward (or inverse) transform of length n under `norm`. */
function factor(n: number, norm: FftNorm, inverse: boolean): number {
  if (norm === "ortho") return 1 / Math.sqrt(n);
  return (norm === "forward") !== inverse ? 1 / n : 1;
}

function axisOf(a: NDArray, axis: number | undefined, name: string): number {
  return normalizeAxis(axis ?? -1, a.ndim, `${name} axis`);
}
function lengthOf(n: number | null | undefined, dflt: number, name: string): number {
  if (n === undefined || n === null) return dflt;
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${name}: Invalid number of FFT data points (${n}) specified.`);
  return n;
}

function c2c(x: ArrayLike, o: FftOptions, inverse: boolean, name: string): NDArray {
  checkOptions(o, name, ["n", "axis", "norm"]);
  const a = toComplex(asArray(x, `${name} argument`));
  if (a.ndim === 0) throw new JaxTypeError(`${name} requires an array of at least one dimension`);
  const ax = axisOf(a, o.axis, name);
  const norm = checkNorm(o.norm, name);
  const n = lengthOf(o.n, a.shape[ax], name);
  const last = fitLast(moveaxis(a, ax, -1), n);
  const y = matmul(last, dftMatrix(n, n, inverse, a.dtype as "complex64"));
  return moveaxis(scaleBy(y, factor(n, norm, inverse)), -1, ax);
}

export function fft(a: ArrayLike, opts: FftOptions = {}): NDArray {
  return c2c(a, opts, false, "fft");
}
export function ifft(a: ArrayLike, opts: FftOptions = {}): NDArray {
  return c2c(a, opts, true, "ifft");
}

export function rfft(x: ArrayLike, opts: FftOptions = {}): NDArray {
  checkOptions(opts, "rfft", ["n", "axis", "norm"]);
  const a0 = asArray(x, "rfft argument");
  if (isComplex(a0.dtype)) throw new JaxTypeError("rfft does not support complex input; use fft");
  const a = toReal(a0);
  const ax = axisOf(a, opts.axis, "rfft");
  const norm = checkNorm(opts.norm, "rfft");
  const n = lengthOf(opts.n, a.shape[ax], "rfft");
  const last = toComplex(fitLast(moveaxis(a, ax, -1), n));
  const y = matmul(last, dftMatrix(n, Math.floor(n / 2) + 1, false, last.dtype as "complex64"));
  return moveaxis(scaleBy(y, factor(n, norm, false)), -1, ax);
}

export function irfft(x: ArrayLike, opts: FftOptions = {}): NDArray {
  checkOptions(opts, "irfft", ["n", "axis", "norm"]);
  const a = toComplex(asArray(x, "irfft argument"));
  const ax = axisOf(a, opts.axis, "irfft");
  const norm = checkNorm(opts.norm, "irfft");
  const n = lengthOf(opts.n, 2 * (a.shape[ax] - 1), "irfft");
  const m = Math.floor(n / 2) + 1;
  const last = fitLast(moveaxis(a, ax, -1), m);
  // out[t] = Σ_k c_k (Re X_k cos(2πkt/n) − Im X_k sin(2πkt/n)), c_k = 1 at k = 0 and n/2, else 2.
  const cs: number[] = [];
  const sn: number[] = [];
  for (let k = 0; k < m; k++)
    for (let t = 0; t < n; t++) {
      const c = k === 0 || 2 * k === n ? 1 : 2;
      const th = (2 * Math.PI * ((k * t) % n)) / n;
      cs.push(c * Math.cos(th));
      sn.push(c * Math.sin(th));
    }
  const rd = a.dtype === "complex128" ? "float64" : "float32";
  const C = arrayFromJs(cs, rd).reshape([m, n]);
  const S = arrayFromJs(sn, rd).reshape([m, n]);
  const y = bind1(E.subP, [matmul(real(last), C), matmul(imag(last), S)], {});
  return moveaxis(scaleBy(y, factor(n, norm, true)), -1, ax);
}

const swap = (norm: FftNorm): FftNorm => (norm === "backward" ? "forward" : norm === "forward" ? "backward" : "ortho");

export function hfft(x: ArrayLike, opts: FftOptions = {}): NDArray {
  checkOptions(opts, "hfft", ["n", "axis", "norm"]);
  return irfft(conj(toComplex(asArray(x, "hfft argument"))), { ...opts, norm: swap(checkNorm(opts.norm, "hfft")) });
}
export function ihfft(x: ArrayLike, opts: FftOptions = {}): NDArray {
  checkOptions(opts, "ihfft", ["n", "axis", "norm"]);
  return conj(rfft(x, { ...opts, norm: swap(checkNorm(opts.norm, "ihfft")) }));
}

/** axes and lengths of an n-d transform (JAX's defaults: all axes, or the last len(s)). */
function ndPlan(a: NDArray, o: FftNOptions, name: string, dflt: number[] | null): { axes: number[]; s: Array<number | null> } {
  checkOptions(o, name, ["s", "axes", "norm"]);
  let axes = o.axes ?? dflt;
  if (axes === null) axes = o.s ? o.s.map((_, i) => a.ndim - o.s!.length + i) : a.shape.map((_, i) => i);
  axes = axes.map((v) => normalizeAxis(v, a.ndim, `${name} axes`));
  if (new Set(axes).size !== axes.length) throw new ValueError(`${name} does not support repeated axes. Got axes ${JSON.stringify(axes)}.`);
  if (o.s && o.s.length !== axes.length) throw new ValueError(`${name}: Shape and axes have different lengths.`);
  return { axes, s: o.s ? [...o.s] : axes.map(() => null) };
}

function c2cN(x: ArrayLike, o: FftNOptions, inverse: boolean, name: string, dflt: number[] | null): NDArray {
  let a = toComplex(asArray(x, `${name} argument`));
  const { axes, s } = ndPlan(a, o, name, dflt);
  const norm = checkNorm(o.norm, name);
  for (let i = axes.length - 1; i >= 0; i--) a = c2c(a, { n: s[i], axis: axes[i], norm }, inverse, name);
  return a;
}
export const fftn = (a: ArrayLike, o: FftNOptions = {}): NDArray => c2cN(a, o, false, "fftn", null);
export const ifftn = (a: ArrayLike, o: FftNOptions = {}): NDArray => c2cN(a, o, true, "ifftn", null);
export const fft2 = (a: ArrayLike, o: FftNOptions = {}): NDArray => c2cN(a, o, false, "fft2", [-2, -1]);
export const ifft2 = (a: ArrayLike, o: FftNOptions = {}): NDArray => c2cN(a, o, true, "ifft2", [-2, -1]);

function rfftN(x: ArrayLike, o: FftNOptions, name: string, dflt: number[] | null): NDArray {
  const a = asArray(x, `${name} argument`);
  const { axes, s } = ndPlan(a, o, name, dflt);
  const norm = checkNorm(o.norm, name);
  const k = axes.length - 1;
  let y = rfft(a, { n: s[k], axis: axes[k], norm });
  for (let i = k - 1; i >= 0; i--) y = c2c(y, { n: s[i], axis: axes[i], norm }, false, name);
  return y;
}
function irfftN(x: ArrayLike, o: FftNOptions, name: string, dflt: number[] | null): NDArray {
  let a = toComplex(asArray(x, `${name} argument`));
  const { axes, s } = ndPlan(a, o, name, dflt);
  const norm = checkNorm(o.norm, name);
  const k = axes.length - 1;
  for (let i = 0; i < k; i++) a = c2c(a, { n: s[i], axis: axes[i], norm }, true, name);
  return irfft(a, { n: s[k], axis: axes[k], norm });
}
export const rfftn = (a: ArrayLike, o: FftNOptions = {}): NDArray => rfftN(a, o, "rfftn", null);
export const irfftn = (a: ArrayLike, o: FftNOptions = {}): NDArray => irfftN(a, o, "irfftn", null);
export const rfft2 = (a: ArrayLike, o: FftNOptions = {}): NDArray => rfftN(a, o, "rfft2", [-2, -1]);
export const irfft2 = (a: ArrayLike, o: FftNOptions = {}): NDArray => irfftN(a, o, "irfft2", [-2, -1]);

/** Sample frequencies of an n-point fft with spacing d: [0, 1, ..., -1] / (d n). */
export function fftfreq(n: number, opts: { d?: number; dtype?: "float32" | "float64" } = {}): NDArray {
  checkOptions(opts, "fftfreq", ["d", "dtype"]);
  const d = opts.d ?? 1;
  const v: number[] = [];
  for (let i = 0; i < n; i++) v.push((i < Math.ceil(n / 2) ? i : i - n) / (d * n));
  return arrayFromJs(v, opts.dtype ?? "float32");
}
/** Sample frequencies of an n-point rfft: [0, 1, ..., n/2] / (d n). */
export function rfftfreq(n: number, opts: { d?: number; dtype?: "float32" | "float64" } = {}): NDArray {
  checkOptions(opts, "rfftfreq", ["d", "dtype"]);
  const d = opts.d ?? 1;
  const v: number[] = [];
  for (let i = 0; i <= Math.floor(n / 2); i++) v.push(i / (d * n));
  return arrayFromJs(v, opts.dtype ?? "float32");
}

function shiftBy(x: ArrayLike, axes: number | number[] | null | undefined, sign: 1 | -1): NDArray {
  const a = asArray(x, "fftshift argument");
  const ax = axes === undefined || axes === null ? a.shape.map((_, i) => i) : typeof axes === "number" ? [axes] : axes;
  const norm = ax.map((v) => normalizeAxis(v, a.ndim, "fftshift axes"));
  return roll(
    a,
    norm.map((v) => (sign > 0 ? Math.floor(a.shape[v] / 2) : -Math.floor(a.shape[v] / 2))),
    norm,
  );
}
/** The zero-frequency term moved to the centre. */
export function fftshift(x: ArrayLike, opts: { axes?: number | number[] | null } = {}): NDArray {
  checkOptions(opts, "fftshift", ["axes"]);
  return shiftBy(x, opts.axes, 1);
}
/** The inverse of fftshift. */
export function ifftshift(x: ArrayLike, opts: { axes?: number | number[] | null } = {}): NDArray {
  checkOptions(opts, "ifftshift", ["axes"]);
  return shiftBy(x, opts.axes, -1);
}
