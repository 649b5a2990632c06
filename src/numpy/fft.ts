// jnp.fft as JAX writes it (jax/_src/numpy/fft.py): the transformed axes
// moved last, cut or zero-padded to the requested lengths, one lax.fft, the
// norm applied after. Any length (the kernels do Bluestein where the length
// has no fast factorisation).
import { isComplex } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxis } from "../core/shape.ts";
import { arrayFromJs, scalarArray } from "../core/convert.ts";
import { bind1 } from "../core/trace.ts";
import { convert } from "../lax/helpers.ts";
import { type FftType, fftBind, fftOperand } from "../lax/fft.ts";
import { padP, sliceP } from "../lax/shape_ops.ts";
import { conj } from "./complex.ts";
import { moveaxis, roll } from "./shape.ts";
import { asArray } from "./util.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

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

function checkNorm(norm: unknown): FftNorm | null {
  if (norm === undefined || norm === null) return null;
  if (norm === "backward" || norm === "ortho" || norm === "forward") return norm;
  throw new ValueError(`Invalid norm value ${String(norm)}; should be "backward","ortho" or "forward".`);
}

/** `a` with each dim cut or zero-padded to `shape`. */
function fitShape(a: NDArray, shape: readonly number[]): NDArray {
  let x = a;
  if (x.shape.some((d, i) => d > shape[i])) {
    const lim = x.shape.map((d, i) => Math.min(d, shape[i]));
    x = bind1(sliceP, [x], { start_indices: x.shape.map(() => 0), limit_indices: lim, strides: null });
  }
  if (x.shape.some((d, i) => d < shape[i])) {
    const cfg = x.shape.map((d, i) => [0, shape[i] - d, 0]);
    x = bind1(padP, [x, scalarArray(0, x.dtype, false)], { padding_config: cfg });
  }
  return x;
}

/** JAX's _fft_core: the n-d transform of type `t` over `axes` with lengths `s`. */
function fftCore(name: string, t: FftType, x: ArrayLike, s: number[] | null, axesIn: number[] | null, norm: FftNorm | null): NDArray {
  return fftCoreCompiled(name, t, asArray(x, `jax.numpy.fft.${name} argument`), s, axesIn, norm);
}

// Jitted when called eagerly (as JAX's jnp.fft functions): the complex
// operand's split into parts and the interleave back fuse into the program
// instead of running as separate eager kernels around the transform.
const fftCoreCompiled = compiledEager(fftCoreOf, [0, 1, 3, 4, 5]);

function fftCoreOf(name: string, t: FftType, a: NDArray, s: number[] | null, axesIn: number[] | null, norm: FftNorm | null): NDArray {
  // JAX's transforms give strongly typed results, of a weak operand too.
  let arr = a.weakType ? convert(a, a.dtype, false) : a;
  if (s) {
    for (const v of s)
      if (!Number.isInteger(v)) throw new ValueError(`jax.numpy.fft.${name}: s must be a list of integers, got ${JSON.stringify(s)}`);
    if (s.some((v) => v <= 0)) throw new ValueError("Shape should be positive.");
  }
  if (s && axesIn && s.length !== axesIn.length) throw new ValueError("Shape and axes have different lengths.");
  let axes: number[];
  if (axesIn === null) axes = s ? s.map((_, i) => arr.ndim - s.length + i) : arr.shape.map((_, i) => i);
  else axes = axesIn.map((v) => normalizeAxis(v, arr.ndim, `jax.numpy.fft.${name} axes`));
  if (new Set(axes).size !== axes.length) {
    throw new ValueError(`jax.numpy.fft.${name} does not support repeated axes. Got axes ${JSON.stringify(axesIn ?? axes)}.`);
  }
  const orig = axesIn !== null ? axes : null;
  if (orig) {
    axes = axes.map((_, i) => arr.ndim - axes.length + i);
    arr = moveaxis(arr, orig, axes);
  }
  let lengths: number[];
  if (s) {
    const inS = [...arr.shape];
    axes.forEach((ax, i) => (inS[ax] = s[i]));
    if (t === "IRFFT" && inS.length) inS[inS.length - 1] = Math.floor(inS[inS.length - 1] / 2) + 1;
    arr = fitShape(arr, inS);
    lengths = [...s];
  } else if (t === "IRFFT") {
    lengths = axes.slice(0, -1).map((ax) => arr.shape[ax]);
    if (axes.length) lengths.push(Math.max(0, 2 * (arr.shape[axes[axes.length - 1]] - 1)));
  } else lengths = axes.map((ax) => arr.shape[ax]);
  let out = fftOperand(arr, t);
  if (lengths.length) out = fftBind(out, t, lengths);
  if (norm !== null && norm !== "backward") {
    const N = lengths.reduce((a, b) => a * b, 1);
    const inverse = name.startsWith("i");
    const f = norm === "ortho" ? (inverse ? Math.sqrt(N) : 1 / Math.sqrt(N)) : inverse ? N : 1 / N;
    out = out.mul(scalarArray(f, isComplex(out.dtype) ? (out.dtype === "complex128" ? "float64" : "float32") : out.dtype, true));
  }
  return orig ? moveaxis(out, axes, orig) : out;
}

function oneAxis(name: string, o: FftOptions): { s: number[] | null; axes: number[]; norm: FftNorm | null } {
  checkOptions(o, name, ["n", "axis", "norm"]);
  const axis = o.axis ?? -1;
  if (Array.isArray(axis)) {
    throw new ValueError(
      `jax.numpy.fft.${name} does not support multiple axes. Please use jax.numpy.fft.${name}n. Got axis = ${JSON.stringify(axis)}.`,
    );
  }
  return { s: o.n === undefined || o.n === null ? null : [o.n], axes: [axis], norm: checkNorm(o.norm) };
}
function core1(name: string, t: FftType, a: ArrayLike, o: FftOptions): NDArray {
  const { s, axes, norm } = oneAxis(name, o);
  return fftCore(name, t, a, s, axes, norm);
}
function coreN(name: string, t: FftType, a: ArrayLike, o: FftNOptions, two: boolean): NDArray {
  checkOptions(o, name, ["s", "axes", "norm"]);
  const axes = o.axes ?? (two ? [-2, -1] : null);
  if (two && axes!.length !== 2) throw new ValueError(`jax.numpy.fft.${name} only supports 2 axes. Got axes = ${JSON.stringify(axes)}.`);
  return fftCore(name, t, a, o.s ?? null, axes, checkNorm(o.norm));
}

/** One-dimensional discrete Fourier transform along `axis` (default -1). */
export const fft = (a: ArrayLike, opts: FftOptions = {}): NDArray => core1("fft", "FFT", a, opts);
export const ifft = (a: ArrayLike, opts: FftOptions = {}): NDArray => core1("ifft", "IFFT", a, opts);
export const rfft = (a: ArrayLike, opts: FftOptions = {}): NDArray => core1("rfft", "RFFT", a, opts);
export const irfft = (a: ArrayLike, opts: FftOptions = {}): NDArray => core1("irfft", "IRFFT", a, opts);

/** The FFT of a signal with Hermitian symmetry (real spectrum). */
export function hfft(a: ArrayLike, opts: FftOptions = {}): NDArray {
  const { s, axes, norm } = oneAxis("hfft", opts);
  const c = conj(asArray(a, "jax.numpy.fft.hfft argument"));
  const nn = s ? s[0] : (c.shape[normalizeAxis(axes[0], c.ndim, "jax.numpy.fft.hfft axis")] - 1) * 2;
  const y = fftCore("hfft", "IRFFT", c, s, axes, norm);
  return y.mul(scalarArray(nn, y.dtype, true));
}
/** The inverse of hfft. */
export function ihfft(a: ArrayLike, opts: FftOptions = {}): NDArray {
  const { s, axes, norm } = oneAxis("ihfft", opts);
  const arr = asArray(a, "jax.numpy.fft.ihfft argument");
  const nn = s ? s[0] : arr.shape[normalizeAxis(axes[0], arr.ndim, "jax.numpy.fft.ihfft axis")];
  const y = conj(fftCore("ihfft", "RFFT", arr, s, axes, norm));
  return y.mul(scalarArray(1 / nn, y.dtype === "complex128" ? "float64" : "float32", true));
}

export const fft2 = (a: ArrayLike, o: FftNOptions = {}): NDArray => coreN("fft2", "FFT", a, o, true);
export const ifft2 = (a: ArrayLike, o: FftNOptions = {}): NDArray => coreN("ifft2", "IFFT", a, o, true);
export const rfft2 = (a: ArrayLike, o: FftNOptions = {}): NDArray => coreN("rfft2", "RFFT", a, o, true);
export const irfft2 = (a: ArrayLike, o: FftNOptions = {}): NDArray => coreN("irfft2", "IRFFT", a, o, true);
export const fftn = (a: ArrayLike, o: FftNOptions = {}): NDArray => coreN("fftn", "FFT", a, o, false);
export const ifftn = (a: ArrayLike, o: FftNOptions = {}): NDArray => coreN("ifftn", "IFFT", a, o, false);
export const rfftn = (a: ArrayLike, o: FftNOptions = {}): NDArray => coreN("rfftn", "RFFT", a, o, false);
export const irfftn = (a: ArrayLike, o: FftNOptions = {}): NDArray => coreN("irfftn", "IRFFT", a, o, false);

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
