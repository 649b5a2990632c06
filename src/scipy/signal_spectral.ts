// jax.scipy.signal's spectral estimates: stft, istft, csd and welch, as
// JAX's _spectral_helper: segments of nperseg samples every nperseg -
// noverlap, detrended, windowed, FFT'd (one-sided for real input), scaled
// ("density" or "spectrum"), then averaged (csd/welch) or kept (stft).
import { complexDType, type DType, isComplex, realDType, toInexactDType } from "../core/dtypes.ts";
import { complex } from "../lax/complex_api.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { broadcastShapes, normalizeAxis } from "../core/shape.ts";
import { warn } from "../core/warn.ts";
import * as jnp from "../numpy/index.ts";
import { asArray } from "../numpy/util.ts";
import { detrend } from "./signal.ts";
import { getWindow, type WindowSpec } from "./signal_windows.ts";
import { promoteInexact } from "./inexact.ts";

export type { WindowSpec } from "./signal_windows.ts";
export type Window = WindowSpec | ArrayLike;
export type Boundary = "even" | "odd" | "constant" | "zeros" | null;
export type DetrendSpec = "constant" | "linear" | false | null | ((d: NDArray) => NDArray);

const isSpec = (w: unknown): w is WindowSpec => typeof w === "string" || (Array.isArray(w) && typeof w[0] === "string");
const int = (v: unknown, what: string): number => {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new JaxTypeError(`${what} must be an integer, got ${String(v)}`);
  return v;
};
const pyList = (xs: unknown[]) => `[${xs.map((b) => (b === null ? "None" : `'${String(b)}'`)).join(", ")}]`;

/** JAX's periodic Hann window, sin^2 over [0, pi), in the default float dtype. */
function hann(n: number): NDArray {
  if (n === 1) return jnp.array([1.0]);
  return jnp.square(jnp.sin(jnp.linspace(0, Math.PI, n, { endpoint: false })));
}

function windowArray(window: WindowSpec, n: number, dtype: DType): NDArray {
  if (window === "hann") return hann(n).astype(dtype);
  return jnp.array(getWindow(window, n), { dtype });
}

/** The window as an array and nperseg (JAX's _triage_segments). */
function triageSegments(window: Window, nperseg: number | null, inputLength: number, dtype: DType): [NDArray, number] {
  if (isSpec(window)) {
    let n = nperseg ?? inputLength;
    if (n > inputLength) {
      warn(`nperseg=${n} is greater than input_length=${inputLength}, using nperseg=${inputLength}`);
      n = inputLength;
    }
    return [windowArray(window, n, dtype), n];
  }
  const win = jnp.asarray(window as ArrayLike, { dtype });
  const n = nperseg ?? win.size;
  if (win.ndim !== 1) throw new ValueError("window must be 1-D");
  if (inputLength < win.size) throw new ValueError("window is longer than input signal");
  if (n !== win.size) throw new ValueError("value specified for nperseg is different from length of window");
  return [win, n];
}

const sliceLast = (x: NDArray, lo: number, hi: number) => x.get("...", jnp.s(lo, hi));

function oddExt(x: NDArray, n: number): NDArray {
  if (n < 1) return x;
  const L = x.shape[x.ndim - 1];
  if (n > L - 1) throw new ValueError(`The extension length n (${n}) is too big. It must not exceed x.shape[axis]-1, which is ${L - 1}.`);
  const left = jnp.subtract(jnp.multiply(2, sliceLast(x, 0, 1)), jnp.flip(sliceLast(x, 1, n + 1), -1));
  const right = jnp.subtract(jnp.multiply(2, sliceLast(x, L - 1, L)), jnp.flip(sliceLast(x, L - n - 1, L - 1), -1));
  return jnp.concatenate([left, x, right], -1);
}

/** x extended by n samples at both ends of its last axis. */
function extend(x: NDArray, n: number, boundary: Exclude<Boundary, null>): NDArray {
  const L = x.shape[x.ndim - 1];
  if (boundary === "odd") return oddExt(x, n);
  if (n === 0) return x;
  if (boundary === "zeros") return jnp.pad(x, [...x.shape.slice(0, -1).map((): [number, number] => [0, 0]), [n, n]]);
  // "constant" repeats the edge samples, "even" reflects about them (numpy's reflect).
  const idx = Array.from({ length: L + 2 * n }, (_, i) => {
    const k = i - n;
    if (boundary === "constant") return Math.min(Math.max(k, 0), L - 1);
    if (L === 1) return 0;
    const period = 2 * (L - 1);
    const r = ((k % period) + period) % period;
    return r < L ? r : period - r;
  });
  return jnp.take(x, jnp.array(idx, { dtype: "int32" }), -1);
}

function zerosPad(x: NDArray, nadd: number, like: NDArray): NDArray {
  if (nadd === 0) return x;
  return jnp.concatenate([x, jnp.zeros([...x.shape.slice(0, -1), nadd], { dtype: like.dtype })], -1);
}

/** Windowed FFTs of the segments of x's last axis: (..., segments, frequencies). */
function fftHelper(
  x: NDArray,
  win: NDArray,
  detrendFn: (d: NDArray) => NDArray,
  nperseg: number,
  noverlap: number,
  nfft: number,
  twosided: boolean,
): NDArray {
  const L = x.shape[x.ndim - 1];
  const step = nperseg - noverlap;
  const starts: number[] = [];
  for (let s = 0; s <= L - nperseg; s += step) starts.push(s);
  const idx = starts.map((s) => Array.from({ length: nperseg }, (_, j) => s + j));
  let seg = jnp.take(x, jnp.array(idx, { dtype: "int32" }).reshape([starts.length, nperseg]), -1);
  seg = detrendFn(seg);
  if (isComplex(win.dtype) && !isComplex(seg.dtype)) seg = seg.astype(complexDType(seg.dtype));
  seg = jnp.multiply(win, seg);
  return twosided ? jnp.fft.fft(seg, { n: nfft }) : jnp.fft.rfft(jnp.real(seg), { n: nfft });
}

interface HelperOpts {
  fs: ArrayLike;
  window: Window;
  nperseg: number | null;
  noverlap: number | null;
  nfft: number | null;
  detrend: DetrendSpec;
  returnOnesided: boolean;
  scaling: string;
  axis: number;
  mode: "psd" | "stft";
  boundary: Boundary;
  padded: boolean;
}

function spectralHelper(xIn: ArrayLike, yIn: ArrayLike | null, o: HelperOpts): [NDArray, NDArray, NDArray] {
  const boundaries: Boundary[] = ["even", "odd", "constant", "zeros", null];
  if (!boundaries.includes(o.boundary)) {
    throw new ValueError(`Unknown boundary option '${String(o.boundary)}', must be one of: ${pyList(boundaries)}`);
  }
  let x = asArray(xIn, "spectral_helper x");
  const axis = normalizeAxis(int(o.axis, "axis of windowed-FFT"), Math.max(x.ndim, 1), "axis");
  let y: NDArray | null = null;
  let outer: number[];
  const drop = (s: readonly number[]) => s.filter((_, i) => i !== axis);
  if (yIn === null) {
    [x] = promoteInexact("spectral_helper", x);
    outer = drop(x.shape);
  } else {
    [x, y] = promoteInexact("spectral_helper", x, yIn);
    if (x.ndim !== y.ndim) throw new ValueError("two-arguments must have the same rank ({x.ndim} vs {y.ndim}).");
    try {
      outer = broadcastShapes(drop(x.shape), drop(y.shape));
    } catch {
      throw new ValueError("x and y cannot be broadcast together.");
    }
  }
  const resultDtype = complexDType(x.dtype);
  const freqDtype = realDType(resultDtype) as "float32" | "float64";
  let nperseg: number | null = null;
  if (o.nperseg !== null) {
    nperseg = int(o.nperseg, "nperseg of windowed-FFT");
    if (nperseg < 1) throw new ValueError("nperseg must be a positive integer");
  }
  const [win, np] = triageSegments(o.window, nperseg, x.shape[axis], x.dtype);
  const noverlap = o.noverlap === null ? Math.floor(np / 2) : int(o.noverlap, "noverlap of windowed-FFT");
  const nfft = o.nfft === null ? np : int(o.nfft, "nfft of windowed-FFT");
  if (y === null ? x.size === 0 : x.size === 0 || y.size === 0) {
    const shape = y === null ? x.shape : [...outer.slice(0, axis), Math.min(x.shape[axis], y.shape[axis]), ...outer.slice(axis)];
    return [jnp.zeros(shape, { dtype: freqDtype }), jnp.zeros(shape, { dtype: freqDtype }), jnp.zeros(shape, { dtype: resultDtype })];
  }
  x = jnp.moveaxis(x, axis, -1);
  if (y !== null && y.ndim > 1) y = jnp.moveaxis(y, axis, -1);
  if (y !== null && x.shape[x.ndim - 1] !== y.shape[y.ndim - 1]) {
    const d = y.shape[y.ndim - 1] - x.shape[x.ndim - 1];
    if (d > 0) x = zerosPad(x, d, x);
    else y = zerosPad(y, -d, x);
  }
  if (nfft < np) throw new ValueError("nfft must be greater than or equal to nperseg.");
  if (noverlap >= np) throw new ValueError("noverlap must be less than nperseg.");
  const nstep = np - noverlap;
  if (o.boundary !== null) {
    const b = o.boundary;
    x = extend(x, Math.floor(np / 2), b);
    if (y !== null) y = extend(y, Math.floor(np / 2), b);
  }
  if (o.padded) {
    const L = x.shape[x.ndim - 1];
    const nadd = (((-(L - np) % nstep) + nstep) % nstep) % np;
    x = zerosPad(x, nadd, x);
    if (y !== null) y = zerosPad(y, nadd, x);
  }
  const dt = o.detrend;
  let detrendFn: (d: NDArray) => NDArray;
  if (typeof dt === "string") detrendFn = (d) => detrend(d, { type: dt, axis: -1 });
  else if (typeof dt === "function") {
    // As JAX: a callable sees the segments with `axis` moved last.
    detrendFn = (d) => jnp.moveaxis(dt(jnp.moveaxis(d, axis, -1)), -1, axis);
  } else if (!dt) detrendFn = (d) => d;
  else throw new ValueError(`Unsupported detrend type: ${String(dt)}`);
  let scale: NDArray;
  if (o.scaling === "density") scale = jnp.divide(1, jnp.multiply(o.fs, jnp.sum(jnp.multiply(win, win))));
  else if (o.scaling === "spectrum") scale = jnp.divide(1, jnp.square(jnp.sum(win)));
  else throw new ValueError(`Unknown scaling: ${o.scaling}`);
  if (o.mode === "stft") scale = jnp.sqrt(scale);
  scale = scale.astype(complexDType(scale.dtype));
  let twosided = !o.returnOnesided;
  if (!twosided && (isComplex(x.dtype) || (y !== null && isComplex(y.dtype)))) {
    twosided = true;
    warn("Input data is complex, switching to return_onesided=False");
  }
  const fsNum = typeof o.fs === "number" ? o.fs : Number(asArray(o.fs).item());
  const freqs = twosided
    ? jnp.fft.fftfreq(nfft, { d: 1 / fsNum, dtype: freqDtype })
    : jnp.fft.rfftfreq(nfft, { d: 1 / fsNum, dtype: freqDtype });
  let result = fftHelper(x, win, detrendFn, np, noverlap, nfft, twosided);
  if (y !== null) result = jnp.multiply(jnp.conj(result), fftHelper(y, win, detrendFn, np, noverlap, nfft, twosided));
  else if (o.mode === "psd") result = jnp.multiply(jnp.conj(result), result);
  result = jnp.multiply(result, scale);
  if (!twosided && o.mode === "psd") {
    const nf = result.shape[result.ndim - 1];
    const end = nfft % 2 ? nf : nf - 1;
    const dbl = Array.from({ length: nf }, (_, i) => (i >= 1 && i < end ? 2 : 1));
    result = jnp.multiply(result, jnp.array(dbl, { dtype: realDType(result.dtype) }));
  }
  const L = x.shape[x.ndim - 1];
  let time = jnp.divide(jnp.arange(np / 2, L - np / 2 + 1, np - noverlap, { dtype: freqDtype }), o.fs);
  if (o.boundary !== null) time = jnp.subtract(time, jnp.divide(np / 2, o.fs));
  result = result.astype(resultDtype);
  if (y === null && o.mode !== "stft") result = jnp.real(result);
  return [freqs, time, jnp.moveaxis(result, -1, axis)];
}

const fsOf = (fs: unknown): number => {
  if (typeof fs === "number") return fs;
  const a = asArray(fs as ArrayLike, "fs");
  if (a.ndim !== 0) throw new JaxTypeError(`fs must be a scalar, got shape (${a.shape.join(", ")})`);
  return Number(a.item());
};

export interface StftOptions {
  fs?: number;
  window?: Window;
  nperseg?: number;
  noverlap?: number | null;
  nfft?: number | null;
  detrend?: DetrendSpec;
  returnOnesided?: boolean;
  boundary?: Boundary;
  padded?: boolean;
  axis?: number;
}

/** scipy.signal.stft(x, {fs, window, nperseg, noverlap, nfft, detrend, returnOnesided, boundary, padded, axis}): [f, t, Zxx]. */
export function stft(x: ArrayLike, opts?: StftOptions): [NDArray, NDArray, NDArray] {
  const o = checkOptions(opts, "stft", [
    "fs",
    "window",
    "nperseg",
    "noverlap",
    "nfft",
    "detrend",
    "returnOnesided",
    "boundary",
    "padded",
    "axis",
  ]);
  return spectralHelper(x, null, {
    fs: fsOf(o.fs ?? 1.0),
    window: o.window ?? "hann",
    nperseg: o.nperseg ?? 256,
    noverlap: o.noverlap ?? null,
    nfft: o.nfft ?? null,
    detrend: o.detrend ?? false,
    returnOnesided: o.returnOnesided ?? true,
    scaling: "spectrum",
    axis: o.axis ?? -1,
    mode: "stft",
    boundary: o.boundary === undefined ? "zeros" : o.boundary,
    padded: o.padded ?? true,
  });
}

export interface CsdOptions {
  fs?: number;
  window?: Window;
  nperseg?: number | null;
  noverlap?: number | null;
  nfft?: number | null;
  detrend?: DetrendSpec;
  returnOnesided?: boolean;
  scaling?: "density" | "spectrum";
  axis?: number;
  average?: "mean" | "median";
}
const CSD_KEYS = ["fs", "window", "nperseg", "noverlap", "nfft", "detrend", "returnOnesided", "scaling", "axis", "average"] as const;

/** 1 + sum over even k < n of 1/(k+1) - 1/k: the median's bias against the mean of n periodograms. */
function medianBias(n: number): NDArray {
  const terms: number[] = [];
  for (let k = 2; k < n; k += 2) terms.push(1 / (k + 1) - 1 / k);
  return jnp.add(1, jnp.sum(jnp.array(terms, { dtype: "float32" })));
}

/**
 * scipy.signal.csd(x, y, {fs, window, nperseg, noverlap, nfft, detrend,
 * returnOnesided, scaling, axis, average}): [f, Pxy], the cross spectral
 * density by Welch's method (y null: the PSD of x, as welch).
 */
export function csd(x: ArrayLike, y: ArrayLike | null | undefined, opts?: CsdOptions): [NDArray, NDArray] {
  const o = checkOptions(opts, "csd", CSD_KEYS);
  const yy = y === undefined ? null : y;
  const [freqs, , p] = spectralHelper(x, yy, {
    fs: fsOf(o.fs ?? 1.0),
    window: o.window ?? "hann",
    nperseg: o.nperseg ?? null,
    noverlap: o.noverlap ?? null,
    nfft: o.nfft ?? null,
    detrend: o.detrend === undefined ? "constant" : o.detrend,
    returnOnesided: o.returnOnesided ?? true,
    scaling: o.scaling ?? "density",
    axis: o.axis ?? -1,
    mode: "psd",
    boundary: null,
    padded: false,
  });
  let pxy = p;
  if (yy !== null && !isComplex(pxy.dtype)) pxy = pxy.astype(complexDType(pxy.dtype));
  if (pxy.ndim >= 2 && pxy.size > 0) {
    const nseg = pxy.shape[pxy.ndim - 1];
    if (nseg > 1) {
      const average = o.average ?? "mean";
      if (average === "median") {
        const bias = medianBias(nseg).astype(pxy.dtype);
        if (isComplex(pxy.dtype)) {
          const re = jnp.median(jnp.real(pxy), -1);
          const im = jnp.median(jnp.imag(pxy), -1);
          pxy = complex(re, im);
        } else pxy = jnp.median(pxy, -1);
        pxy = jnp.divide(pxy, bias);
      } else if (average === "mean") pxy = jnp.mean(pxy, -1);
      else throw new ValueError(`average must be "median" or "mean", got ${String(average)}`);
    } else pxy = jnp.reshape(pxy, pxy.shape.slice(0, -1));
  }
  return [freqs, pxy];
}

/** scipy.signal.welch(x, {fs, window, nperseg, noverlap, nfft, detrend, returnOnesided, scaling, axis, average}): [f, Pxx]. */
export function welch(x: ArrayLike, opts?: CsdOptions): [NDArray, NDArray] {
  const o = checkOptions(opts, "welch", CSD_KEYS);
  const [f, p] = csd(x, null, o);
  return [f, jnp.real(p)];
}

export interface IstftOptions {
  fs?: number;
  window?: Window;
  nperseg?: number | null;
  noverlap?: number | null;
  nfft?: number | null;
  inputOnesided?: boolean;
  boundary?: boolean;
  timeAxis?: number;
  freqAxis?: number;
}

/** Sum of the frames (..., frames, len) laid every `step` samples: (..., step (frames - 1) + len). */
function overlapAndAdd(x: NDArray, step: number): NDArray {
  if (x.ndim < 2) throw new ValueError("Input must have (..., frames, frame_length) shape.");
  const [nframes, len] = x.shape.slice(-2);
  const outLen = step * (nframes - 1) + len;
  const batch = x.shape.slice(0, -2);
  const idx = Array.from({ length: nframes }, (_, f) => Array.from({ length: len }, (_, t) => f * step + t));
  const out = jnp.zeros([...batch, outLen], { dtype: x.dtype });
  return out.at("...", jnp.array(idx, { dtype: "int32" }).reshape([nframes, len])).add(x);
}

/**
 * scipy.signal.istft(Zxx, {fs, window, nperseg, noverlap, nfft,
 * inputOnesided, boundary, timeAxis, freqAxis}): [t, x], the inverse of stft
 * by weighted overlap-add.
 */
export function istft(Zxx: ArrayLike, opts?: IstftOptions): [NDArray, NDArray] {
  const o = checkOptions(opts, "istft", [
    "fs",
    "window",
    "nperseg",
    "noverlap",
    "nfft",
    "inputOnesided",
    "boundary",
    "timeAxis",
    "freqAxis",
  ]);
  let Z = asArray(Zxx, "istft Zxx");
  if (Z.ndim < 2) throw new ValueError("Input stft must be at least 2d!");
  const fs = fsOf(o.fs ?? 1.0);
  const onesided = o.inputOnesided ?? true;
  const freqAxis = normalizeAxis(o.freqAxis ?? -2, Z.ndim, "freq_axis");
  let timeAxis = normalizeAxis(o.timeAxis ?? -1, Z.ndim, "time_axis");
  if (freqAxis === timeAxis) throw new ValueError("Must specify differing time and frequency axes!");
  Z = Z.astype(complexDType(toInexactDType(Z.dtype)));
  const nDefault = onesided ? 2 * (Z.shape[freqAxis] - 1) : Z.shape[freqAxis];
  const nperseg = int(o.nperseg || nDefault, "nperseg: segment length of STFT");
  if (nperseg < 1) throw new ValueError("nperseg must be a positive integer");
  let nfft: number;
  if (o.nfft === undefined || o.nfft === null) {
    nfft = nDefault;
    if (onesided && nperseg === nDefault + 1) nfft += 1;
  } else nfft = int(o.nfft, "nfft of STFT");
  if (nfft < nperseg) throw new ValueError(`FFT length (${nfft}) must be longer than nperseg (${nperseg}).`);
  const noverlap = int(o.noverlap || Math.floor(nperseg / 2), "noverlap of STFT");
  if (noverlap >= nperseg) throw new ValueError("noverlap must be less than nperseg.");
  const nstep = nperseg - noverlap;
  if (timeAxis !== Z.ndim - 1 || freqAxis !== Z.ndim - 2) {
    const outer = [...Array(Z.ndim).keys()].filter((i) => i !== timeAxis && i !== freqAxis);
    Z = jnp.transpose(Z, [...outer, freqAxis, timeAxis]);
  }
  // As JAX: the inverse FFT takes the nfft given (none: irfft's default length).
  const n = o.nfft ?? undefined;
  let xsubs = onesided ? jnp.fft.irfft(Z, { axis: -2, n }) : jnp.fft.ifft(Z, { axis: -2, n });
  xsubs = xsubs.get("...", jnp.s(0, nperseg), jnp.s());
  const window = o.window ?? "hann";
  let win: NDArray;
  if (isSpec(window)) win = windowArray(window, nperseg, xsubs.dtype);
  else {
    win = jnp.asarray(window as ArrayLike);
    if (win.ndim !== 1) throw new ValueError("window must be 1-D");
    if (win.shape[0] !== nperseg) throw new ValueError(`window must have length of ${nperseg}`);
  }
  xsubs = jnp.multiply(xsubs, jnp.sum(win));
  const w = jnp.reshape(win, [...Array(xsubs.ndim - 2).fill(1), nperseg, 1]);
  let x = overlapAndAdd(jnp.swapaxes(jnp.multiply(xsubs, w), -2, -1), nstep);
  const wsq = jnp.repeat(jnp.multiply(w, w), xsubs.shape[xsubs.ndim - 1], -1);
  let norm = overlapAndAdd(jnp.swapaxes(wsq, -2, -1), nstep);
  if (o.boundary ?? true) {
    const h = Math.floor(nperseg / 2);
    // x[..., h:-h] (empty when h is 0, as Python's slice).
    x = x.get("...", jnp.s(h, h === 0 ? 0 : x.shape[x.ndim - 1] - h));
    norm = norm.get("...", jnp.s(h, h === 0 ? 0 : norm.shape[norm.ndim - 1] - h));
  }
  // norm > 1e-10, lexicographic on complex norms as jnp's comparisons.
  const big = isComplex(norm.dtype)
    ? jnp.where(jnp.equal(jnp.real(norm), 1e-10), jnp.greater(jnp.imag(norm), 0), jnp.greater(jnp.real(norm), 1e-10))
    : jnp.greater(norm, 1e-10);
  x = jnp.divide(x, jnp.where(big, norm, 1.0));
  if (x.ndim > 1 && timeAxis !== Z.ndim - 1) {
    if (freqAxis < timeAxis) timeAxis -= 1;
    x = jnp.moveaxis(x, -1, timeAxis);
  }
  const time = jnp.divide(jnp.arange(0, x.shape[0], 1, { dtype: realDType(x.dtype) as "float32" | "float64" }), fs);
  return [time, x];
}
