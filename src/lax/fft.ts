// The fft primitive (JAX's fft_p): FFT / IFFT / RFFT / IRFFT over the
// trailing len(fft_lengths) dims, IFFT and IRFFT scaled by 1/N as XLA's. It
// is linear; its transpose rules are JAX's (RFFT's and IRFFT's weigh the
// bins counted twice in the Hermitian half-spectrum). Backends see it as
// `fft_real`, the same transform on the real and imaginary parts as separate
// real arrays (complex values reach backends as pairs, complex_lowering.ts),
// computed by the reference kernel (src/backend/js/fft.ts: radix-2, Bluestein
// for other lengths, in float64) or on wasm by its SIMD kernel
// (src/backend/wasm/runtime/fft.ts: mixed radix 2/3/4/5, Bluestein).
import { ShapedArray } from "../core/aval.ts";
import { complexDType, isComplex, realDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import { conjP } from "./complex.ts";
import { defComplexRule, isPair } from "./complex_lowering.ts";
import { convertElementTypeP, divP, mulP } from "./elementwise.ts";
import { moveaxis } from "./layout.ts";
import { broadcastInDimP } from "./broadcast.ts";
import { full } from "./zeros.ts";
import { arrayFromJs } from "../core/convert.ts";
import { tuple } from "./print_params.ts";

export type FftType = "FFT" | "IFFT" | "RFFT" | "IRFFT";
export type FftParams = { fft_type: FftType; fft_lengths: number[] };

const tail = (shape: readonly number[], k: number) => shape.slice(shape.length - k);
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function fftAbstractEval([x]: ShapedArray[], { fft_type: t, fft_lengths: L }: FftParams): ShapedArray[] {
  const k = L.length;
  if (k > x.ndim) {
    throw new ValueError(`FFT input shape ${shapeStr(x.shape)} must have at least as many input dimensions as fft_lengths ${tuple(L)}.`);
  }
  const lead = x.shape.slice(0, x.ndim - k);
  if (t === "RFFT") {
    if (x.dtype !== "float32" && x.dtype !== "float64") throw new JaxTypeError(`RFFT input must be float32 or float64, got ${x.dtype}`);
    if (!same(tail(x.shape, k), L)) {
      throw new ValueError(`RFFT input shape ${shapeStr(x.shape)} minor dimensions must be equal to fft_lengths ${tuple(L)}`);
    }
    return [new ShapedArray([...lead, ...L.slice(0, -1), Math.floor(L[k - 1] / 2) + 1], complexDType(x.dtype), x.weakType)];
  }
  if (!isComplex(x.dtype)) throw new JaxTypeError(`${t} input must be complex64 or complex128, got ${x.dtype}`);
  if (t === "IRFFT") {
    if (!same(tail(x.shape, k).slice(0, -1), L.slice(0, -1))) {
      throw new ValueError(
        `IRFFT input shape ${shapeStr(x.shape)} minor dimensions must be equal to all except the last fft_length, got fft_lengths=${tuple(L)}`,
      );
    }
    return [new ShapedArray([...lead, ...L], realDType(x.dtype), x.weakType)];
  }
  if (!same(tail(x.shape, k), L)) {
    throw new ValueError(`FFT input shape ${shapeStr(x.shape)} minor dimensions must be equal to fft_lengths ${tuple(L)}`);
  }
  return [x];
}

/** The Hermitian weights along the last axis of a half spectrum of length m (n = fft_lengths[-1]): 1 at DC (and Nyquist for even n), 2 elsewhere. */
function halfMask(like: NDArray, m: number, n: number): NDArray {
  const w = Array.from({ length: m }, (_, i) => (i === 0 || (n % 2 === 0 && i === m - 1) ? 1 : 2));
  const row = arrayFromJs(w, like.dtype);
  return bind1(broadcastInDimP, [row], { shape: [...like.shape], broadcast_dimensions: [like.ndim - 1] });
}

function rfftTranspose(t: NDArray, L: number[]): NDArray {
  const n = L[L.length - 1];
  const m = t.shape[t.ndim - 1];
  const N = L.reduce((a, b) => a * b, 1);
  const mask = halfMask(t, m, n);
  const y = fftBind(bind1(divP, [bind1(conjP, [t], { input_dtype: t.dtype }), mask], {}), "IRFFT", L);
  return bind1(mulP, [y, full(y.shape, N, y.dtype)], {});
}

function irfftTranspose(t: NDArray, L: number[]): NDArray {
  const x = fftBind(t, "RFFT", L);
  const n = L[L.length - 1];
  const m = x.shape[x.ndim - 1];
  const N = L.reduce((a, b) => a * b, 1);
  const out = bind1(mulP, [halfMask(x, m, n), bind1(mulP, [x, full(x.shape, 1 / N, x.dtype)], {})], {});
  return bind1(conjP, [out], { input_dtype: out.dtype });
}

export const fftP: Primitive<FftParams> = new Primitive("fft", {
  abstractEval: fftAbstractEval,
  jvp([x], [t], p) {
    const y = bind1(fftP, [x], p);
    return [[y], [t instanceof Zero ? new Zero(y.aval.strongType()) : bind1(fftP, [t], p)]];
  },
  transpose([ct], [x], p) {
    if (ct instanceof Zero) return [new Zero(x.aval)];
    const L = p.fft_lengths;
    if (p.fft_type === "RFFT") return [rfftTranspose(ct, L)];
    if (p.fft_type === "IRFFT") return [irfftTranspose(ct, L)];
    return [bind1(fftP, [ct], p)];
  },
  batch([x], [d], p) {
    return [[bind1(fftP, [moveaxis(x, d!, 0)], p)], [0]];
  },
  // As JAX prints them: the FftType enum by its value.
  printParams: (p) => `fft_lengths=${tuple(p.fft_lengths)} fft_type=${["FFT", "IFFT", "RFFT", "IRFFT"].indexOf(p.fft_type)}`,
});

/**
 * The same transform on real arrays: inputs (re, im), or (x) for RFFT;
 * outputs (re, im), or (y) for IRFFT. Only backends see it (after the
 * complex rewrite), so it needs no transformation rules.
 */
export const fftRealP: Primitive<FftParams> = new Primitive(
  "fft_real",
  {
    abstractEval(avals, p) {
      const [x] = avals;
      const c = new ShapedArray(x.shape, complexDType(x.dtype), x.weakType);
      const [o] = fftAbstractEval([p.fft_type === "RFFT" ? x : c], p);
      const r = new ShapedArray(o.shape, realDType(o.dtype), o.weakType);
      return p.fft_type === "IRFFT" ? [r] : [r, r];
    },
  },
  true,
);

defComplexRule("fft", (args, params) => {
  const p = params as FftParams;
  const [x] = args;
  const ins = isPair(x) ? [x.re, x.im] : [x];
  const outs = bind(fftRealP, ins, p);
  return [outs.length === 2 ? { re: outs[0], im: outs[1] } : outs[0]];
});

function fftBind(x: NDArray, t: FftType, L: number[]): NDArray {
  return bind1(fftP, [x], { fft_type: t, fft_lengths: [...L] });
}

/** lax.fft's operand conversion: RFFT takes a real float, the others a complex array. */
export function fftOperand(x: NDArray, t: FftType): NDArray {
  if (t === "RFFT") {
    if (isComplex(x.dtype)) throw new ValueError("only real valued inputs supported for rfft");
    const d = x.dtype === "float32" || x.dtype === "float64" ? x.dtype : x.dtype === "int64" ? "float64" : "float32";
    return x.dtype === d ? x : bind1(convertElementTypeP, [x], { new_dtype: d, weak_type: x.weakType });
  }
  const d = complexDType(x.dtype === "int64" ? "float64" : x.dtype);
  return x.dtype === d ? x : bind1(convertElementTypeP, [x], { new_dtype: d, weak_type: x.weakType });
}

export { fftBind };
