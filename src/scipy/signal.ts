// jax.scipy.signal: direct N-d convolution and correlation (as
// lax.conv_general_dilated with the kernel flipped, like JAX), the 2-d
// variants, and detrend; fftconvolve (signal_fft.ts) for method "fft".
import { isComplex, realDType } from "../core/dtypes.ts";
import { promoteInexact } from "./inexact.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxis, shapeStr } from "../core/shape.ts";
import { convGeneralDilated } from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { asArray } from "../numpy/util.ts";
import { promoteDtypesInexact } from "./special/common.ts";
import { fftconvolve } from "./signal_fft.ts";

export { fftconvolve, type FftconvolveOptions } from "./signal_fft.ts";

type Mode = "full" | "same" | "valid";

function checkMode(mode: string): asserts mode is Mode {
  if (!["full", "same", "valid"].includes(mode)) throw new ValueError("mode must be one of ['full', 'same', 'valid']");
}

function convolveNd(a: ArrayLike, b: ArrayLike, mode: string): NDArray {
  checkMode(mode);
  let in1 = asArray(a, "in1");
  let in2 = asArray(b, "in2");
  if (in1.ndim !== in2.ndim) throw new ValueError("in1 and in2 must have the same number of dimensions");
  if (in1.size === 0 || in2.size === 0) {
    throw new ValueError(`zero-size arrays not supported in convolutions, got shapes ${shapeStr(in1.shape)} and ${shapeStr(in2.shape)}.`);
  }
  [in1, in2] = promoteDtypesInexact("convolve", in1, in2);
  const noSwap = in1.shape.every((s, i) => s >= in2.shape[i]);
  const swap = in1.shape.every((s, i) => s <= in2.shape[i]);
  if (!(noSwap || swap)) throw new ValueError("One input must be smaller than the other in every dimension.");
  const shapeO = in2.shape;
  if (swap) [in1, in2] = [in2, in1];
  const shape = in2.shape;
  const kernel = jnp.flip(in2);
  const padding: Array<[number, number]> = shape.map((s, i) => {
    if (mode === "valid") return [0, 0];
    if (mode === "full") return [s - 1, s - 1];
    const so = shapeO[i];
    return [s - 1 - Math.floor((so - 1) / 2), s - so + Math.floor((so - 1) / 2)];
  });
  const lead = [1, 1];
  const out = convGeneralDilated(
    jnp.reshape(in1, [...lead, ...in1.shape]),
    jnp.reshape(kernel, [...lead, ...kernel.shape]),
    shape.map(() => 1),
    padding,
  );
  return jnp.reshape(out, out.shape.slice(2));
}

export interface ConvolveOptions {
  mode?: Mode;
  method?: "auto" | "direct" | "fft";
}

function convolveMethod(name: string, opts: ConvolveOptions | undefined): [Mode, boolean] {
  const { mode = "full", method = "auto" } = checkOptions(opts, name, ["mode", "method"]);
  if (method !== "auto" && method !== "direct" && method !== "fft")
    throw new ValueError(`Got method='${String(method)}'; expected 'auto', 'fft', or 'direct'.`);
  return [mode, method === "fft"];
}

/** N-d convolution of in1 and in2 (same rank), `{mode: "full" | "same" | "valid", method}` ("fft": fftconvolve). */
export function convolve(in1: ArrayLike, in2: ArrayLike, opts?: ConvolveOptions): NDArray {
  const [mode, fft] = convolveMethod("convolve", opts);
  return fft ? fftconvolve(in1, in2, { mode }) : convolveNd(in1, in2, mode);
}

/** N-d cross-correlation: convolution with in2 conjugated and reversed. */
export function correlate(in1: ArrayLike, in2: ArrayLike, opts?: ConvolveOptions): NDArray {
  const [mode, fft] = convolveMethod("correlate", opts);
  const b0 = asArray(in2, "in2");
  const b = jnp.flip(isComplex(b0.dtype) ? jnp.conj(b0) : b0);
  return fft ? fftconvolve(in1, b, { mode }) : convolveNd(in1, b, mode);
}

export interface Convolve2dOptions {
  mode?: Mode;
  boundary?: "fill" | "wrap" | "symm";
  fillvalue?: number;
}

function check2d(name: string, opts: Convolve2dOptions | undefined, a: NDArray, b: NDArray): Mode {
  const { mode = "full", boundary = "fill", fillvalue = 0 } = checkOptions(opts, name, ["mode", "boundary", "fillvalue"]);
  if (boundary !== "fill" || fillvalue !== 0) throw new JaxTypeError(`${name}() only supports boundary='fill', fillvalue=0`);
  if (a.ndim !== 2 || b.ndim !== 2) throw new ValueError(`${name}() only supports 2-dimensional inputs.`);
  return mode;
}

export function convolve2d(in1: ArrayLike, in2: ArrayLike, opts?: Convolve2dOptions): NDArray {
  const a = asArray(in1, "in1");
  const b = asArray(in2, "in2");
  return convolveNd(a, b, check2d("convolve2d", opts, a, b));
}

/** 2-d cross-correlation, with JAX's operand order for each mode (so "same" and "valid" crop as JAX does). */
export function correlate2d(in1: ArrayLike, in2: ArrayLike, opts?: Convolve2dOptions): NDArray {
  const a = asArray(in1, "in1");
  const b = asArray(in2, "in2");
  const mode = check2d("correlate2d", opts, a, b);
  const swap = a.shape.every((s, i) => s <= b.shape[i]);
  const same = a.shape.every((s, i) => s === b.shape[i]);
  if (mode === "same") return jnp.flip(convolveNd(jnp.flip(a), b, mode));
  if (mode === "valid" && !(swap && !same)) return jnp.flip(convolveNd(jnp.flip(a), b, mode));
  if (swap) return convolveNd(jnp.flip(b), a, mode);
  return jnp.flip(convolveNd(jnp.flip(a), b, mode));
}

export interface DetrendOptions {
  axis?: number;
  type?: "linear" | "constant";
  bp?: number | number[];
  overwriteData?: null;
}

/** Removes the mean (`type: "constant"`) or a least-squares line per segment between breakpoints `bp`. */
export function detrend(data: ArrayLike, opts?: DetrendOptions): NDArray {
  const o = checkOptions(opts, "detrend", ["axis", "type", "bp", "overwriteData"]);
  if (o.overwriteData !== undefined && o.overwriteData !== null) throw new JaxTypeError("overwrite_data argument not implemented.");
  const type = o.type ?? "linear";
  if (type !== "constant" && type !== "linear") throw new ValueError("Trend type must be 'linear' or 'constant'.");
  let x = promoteInexact("detrend", data)[0];
  const axis = normalizeAxis(o.axis ?? -1, x.ndim, "detrend axis");
  if (type === "constant") return jnp.subtract(x, jnp.mean(x, axis, { keepdims: true }));
  const n = x.shape[axis];
  const bp = [...new Set([0, ...(Array.isArray(o.bp) ? o.bp : [o.bp ?? 0]), n])].sort((p, q) => p - q);
  if (bp[0] < 0 || bp[bp.length - 1] > n) {
    throw new ValueError("Breakpoints must be non-negative and less than length of data along given axis.");
  }
  x = jnp.moveaxis(x, axis, 0);
  const shape = x.shape;
  x = jnp.reshape(x, [n, -1]);
  const pieces: NDArray[] = [];
  for (let m = 0; m + 1 < bp.length; m++) {
    const [lo, hi] = [bp[m], bp[m + 1]];
    const seg = x.get(jnp.s(lo, hi));
    pieces.push(jnp.subtract(seg, lineFit(seg, hi - lo)));
  }
  return jnp.moveaxis(jnp.reshape(jnp.concatenate(pieces, 0), shape), 0, axis);
}

/** The least-squares line through each column of y (n rows) at t = 1/n, 2/n, ..., 1, evaluated there. */
function lineFit(y: NDArray, n: number): NDArray {
  const t = jnp.expandDims(jnp.divide(jnp.arange(1, n + 1, undefined, { dtype: realDType(y.dtype) }), n), 1);
  const tm = jnp.mean(t, 0, { keepdims: true });
  const ym = jnp.mean(y, 0, { keepdims: true });
  const dt = jnp.subtract(t, tm);
  const slope = jnp.divide(jnp.sum(jnp.multiply(dt, jnp.subtract(y, ym)), 0, { keepdims: true }), jnp.sum(jnp.square(dt)));
  // One point: the line is the point itself (slope 0).
  const s = n > 1 ? slope : jnp.zerosLike(slope);
  return jnp.add(ym, jnp.multiply(s, dt));
}
export {
  csd,
  istft,
  stft,
  welch,
  type Boundary,
  type CsdOptions,
  type DetrendSpec,
  type IstftOptions,
  type StftOptions,
  type Window,
  type WindowSpec,
} from "./signal_spectral.ts";
