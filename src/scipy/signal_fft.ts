// jax.scipy.signal.fftconvolve: N-d convolution through the FFT (rfftn/irfftn
// for real inputs, fftn/ifftn for complex), over all axes or only `axes`
// (the others are mapped: equal sizes, convolved independently, as JAX's vmap).
import { isComplex } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { normalizeAxis, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { sliceP } from "../lax/shape_ops.ts";
import * as jnp from "../numpy/index.ts";
import { asArray } from "../numpy/util.ts";
import { inexactOrComplex } from "../numpy/linalg_solve.ts";

export interface FftconvolveOptions {
  mode?: "full" | "same" | "valid";
  axes?: number | number[] | null;
}

/** fftconvolve(in1, in2, {mode, axes}). */
export function fftconvolve(in1: ArrayLike, in2: ArrayLike, opts: FftconvolveOptions | FftconvolveOptions["mode"] = {}): NDArray {
  const o = typeof opts === "string" ? { mode: opts } : opts;
  const mode = o.mode ?? "full";
  let [a, b] = inexactOrComplex("fftconvolve", asArray(in1, "in1"), asArray(in2, "in2"));
  if (a.ndim !== b.ndim) throw new ValueError("in1 and in2 should have the same dimensionality");
  if (!["same", "full", "valid"].includes(mode)) throw new ValueError("mode must be one of ['same', 'full', 'valid']");
  const all = [...Array(a.ndim).keys()];
  const axes =
    o.axes === undefined || o.axes === null
      ? all
      : (Array.isArray(o.axes) ? o.axes : [o.axes]).map((ax) => normalizeAxis(ax, a.ndim, "fftconvolve axes"));
  const mapped = all.filter((i) => !axes.includes(i));
  if (mapped.some((i) => a.shape[i] !== b.shape[i])) {
    throw new ValueError(
      `mapped axes must have same shape; got in1.shape=${shapeStr(a.shape)} in2.shape=${shapeStr(b.shape)} axes=(${axes.join(", ")}${axes.length === 1 ? "," : ""})`,
    );
  }
  const conv = [...axes].sort((x, y) => x - y);
  if (mode === "valid") {
    const noSwap = conv.every((i) => a.shape[i] >= b.shape[i]);
    const swap = conv.every((i) => a.shape[i] <= b.shape[i]);
    if (!(noSwap || swap)) throw new ValueError("For 'valid' mode, One input must be at least as large as the other in every dimension.");
    if (swap) [a, b] = [b, a];
  }
  const fullShape = conv.map((i) => a.shape[i] + b.shape[i] - 1);
  let out: NDArray;
  if (conv.every((i) => a.shape[i] === 1 || b.shape[i] === 1)) out = jnp.multiply(a, b);
  else if (isComplex(a.dtype)) {
    const f = (x: NDArray) => jnp.fft.fftn(x, { s: fullShape, axes: conv });
    out = jnp.fft.ifftn(jnp.multiply(f(a), f(b)), { s: fullShape, axes: conv });
  } else {
    const f = (x: NDArray) => jnp.fft.rfftn(x, { s: fullShape, axes: conv });
    out = jnp.fft.irfftn(jnp.multiply(f(a), f(b)), { s: fullShape, axes: conv });
  }
  const start = out.shape.map(() => 0);
  const limit = [...out.shape];
  conv.forEach((ax, k) => {
    const size = mode === "full" ? fullShape[k] : mode === "same" ? a.shape[ax] : a.shape[ax] - b.shape[ax] + 1;
    start[ax] = Math.floor((fullShape[k] - size) / 2);
    limit[ax] = start[ax] + size;
  });
  return bind1(sliceP, [out], { start_indices: start, limit_indices: limit, strides: null });
}
