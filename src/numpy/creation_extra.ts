// More creation functions: window functions (bartlett, blackman, hamming,
// hanning, kaiser), logspace/geomspace over array bounds, and vander.
import {
  type DType,
  type DTypeLike,
  canonicalize,
  defaultFloat,
  isInteger,
  parseDType,
  toInexactDType,
  isComplex,
} from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkBoolOption, checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { normalizeAxis } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { stopGradient } from "../lax/api.ts";
import { iotaP } from "../lax/shape_ops.ts";
import { LINSPACE_UNROLLED_STEPS, full, linspaceOfNumbers } from "./creation.ts";
import * as el from "./elementwise.ts";
import { i0 } from "./math_extra.ts";
import { broadcastTo, concatenate, expandDims, moveaxis, reshape } from "./shape.ts";
import { asArray, broadcastShapesNamed, resultType } from "./util.ts";

const iota = (dtype: DType, n: number): NDArray => bind1(iotaP, [], { dtype, shape: [n], dimension: 0 });

/** A window of length M from its formula over n = 0..M-1 (all ones when M ≤ 1). */
function windowOf(name: string, M: number, f: (n: NDArray, M: number) => NDArray): NDArray {
  checkInt(M, `${name} M`);
  const dtype = defaultFloat();
  if (M <= 1) return full([Math.max(M, 0)], 1, { dtype });
  return f(iota(dtype, M), M);
}
const cosTerm = (n: NDArray, k: number, M: number) => el.cos(el.divide(el.multiply(k * Math.PI, n), M - 1));

/** jnp.bartlett(M): the triangular window. */
export const bartlett = (M: number): NDArray =>
  windowOf("bartlett", M, (n) => el.subtract(1, el.divide(el.abs(el.subtract(el.add(el.multiply(2, n), 1), M)), M - 1)));
/** jnp.blackman(M). */
export const blackman = (M: number): NDArray =>
  windowOf("blackman", M, (n) => el.add(el.subtract(0.42, el.multiply(0.5, cosTerm(n, 2, M))), el.multiply(0.08, cosTerm(n, 4, M))));
/** jnp.hamming(M). */
export const hamming = (M: number): NDArray => windowOf("hamming", M, (n) => el.subtract(0.54, el.multiply(0.46, cosTerm(n, 2, M))));
/** jnp.hanning(M). */
export const hanning = (M: number): NDArray => windowOf("hanning", M, (n) => el.multiply(0.5, el.subtract(1, cosTerm(n, 2, M))));
/** jnp.kaiser(M, beta). */
export const kaiser = (M: number, beta: ArrayLike): NDArray =>
  windowOf("kaiser", M, (n) => {
    const alpha = 0.5 * (M - 1);
    const r = el.divide(el.subtract(n, alpha), alpha);
    return el.divide(i0(el.multiply(beta, el.sqrt(el.subtract(1, el.multiply(r, r))))), i0(beta));
  });

/**
 * The bounds of linspace, logspace or geomspace as arrays in the inexact
 * dtype they compute in (`comp`), and the result's dtype (the requested one,
 * else that inexact dtype); `num` checked.
 */
function spaceBounds(name: string, start: ArrayLike, stop: ArrayLike, num: number, dtype: DTypeLike | undefined) {
  checkInt(num, `${name} num`, 0);
  const requested = dtype === undefined ? resultType(start, stop).dtype : canonicalize(parseDType(dtype, `${name} dtype`));
  const comp = isComplex(requested) ? defaultFloat() : toInexactDType(requested);
  const lo = el.astype(asArray(start, `${name} start`), comp);
  const hi = el.astype(asArray(stop, `${name} stop`), comp);
  return { dtype: dtype === undefined ? comp : requested, comp, lo, hi };
}

/** JAX's linspace over array bounds: num values along a new axis, interpolated as start*(1-t) + stop*t. */
function linspaceArrays(start: NDArray, stop: NDArray, num: number, endpoint: boolean, axis: number, dtype: DType): NDArray {
  const bshape = broadcastShapesNamed("linspace", [start.shape, stop.shape]);
  const lo = broadcastTo(start, bshape);
  const hi = broadcastTo(stop, bshape);
  const ax = axis < 0 ? bshape.length + axis + 1 : axis;
  const withAxis = (s: number[], n: number) => [...s.slice(0, ax), n, ...s.slice(ax)];
  let out: NDArray;
  if (num > 1) {
    const div = endpoint ? num - 1 : num;
    // As XLA compiles JAX's start * (1 - t) + stop * t with t = i / div: the division a multiply
    // by 1/div, stop * t reassociated to i * (stop/div) and fused into the sum (one rounding),
    // so that values on bin edges (histogram's) land as JAX's do.
    const i = reshape(
      iota(lo.dtype, div),
      withAxis(
        bshape.map(() => 1),
        div,
      ),
    );
    const inv = full([], 1 / div, { dtype: lo.dtype });
    const a = reshape(lo, withAxis(bshape, 1));
    const oneMinusT = el.subtract(1, el.multiply(i, inv));
    const bStep = el.multiply(reshape(hi, withAxis(bshape, 1)), inv);
    out = fusedMultiplyAdd(i, bStep, el.multiply(a, oneMinusT));
    // XLA's unrolled loop fuses the other product at i = 1 (see LINSPACE_UNROLLED_STEPS).
    if (bshape.length === 0 && div >= 2 && div <= LINSPACE_UNROLLED_STEPS) {
      out = el.where(el.equal(i, 1), fusedMultiplyAdd(a, oneMinusT, bStep), out);
    }
    if (endpoint) out = concatenate([out, expandDims(hi, ax)], ax);
  } else if (num === 1) out = reshape(lo, withAxis(bshape, 1));
  else out = full(withAxis(bshape, 0), 0, { dtype: lo.dtype });
  if (isInteger(dtype) && !isInteger(out.dtype)) out = el.floor(out);
  return el.astype(out, dtype);
}

/** Veltkamp's splitting constants 2^ceil(p/2) + 1 of the float dtypes whose products Dekker's algorithm makes exact. */
const SPLITTER: Partial<Record<DType, number>> = { float32: 4097, float64: 134217729 };

/**
 * a * b + c rounded once, as a fused multiply-add: Dekker's exact product
 * (Veltkamp's split) and Knuth's TwoSum give the plain sum's rounding error,
 * added back. Its derivative is the plain expression's (the correction is
 * constant to it). Other dtypes round twice.
 */
function fusedMultiplyAdd(a: NDArray, b: NDArray, c: NDArray): NDArray {
  const p = el.multiply(a, b);
  const plain = el.add(p, c);
  const splitter = SPLITTER[plain.dtype];
  if (splitter === undefined) return plain;
  const split = (x: NDArray): [NDArray, NDArray] => {
    const g = el.multiply(x, splitter);
    const hi = el.subtract(g, el.subtract(g, x));
    return [hi, el.subtract(x, hi)];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  // p + pErr = a * b exactly; plain + sErr = p + c exactly.
  const pErr = el.add(el.add(el.add(el.subtract(el.multiply(ah, bh), p), el.multiply(ah, bl)), el.multiply(al, bh)), el.multiply(al, bl));
  const back = el.subtract(plain, c);
  const sErr = el.add(el.subtract(c, el.subtract(plain, back)), el.subtract(p, back));
  const exact = el.add(plain, el.add(sErr, pErr));
  return el.add(plain, stopGradient(el.subtract(exact, plain)));
}

export interface LinspaceOpts {
  endpoint?: boolean;
  dtype?: DTypeLike;
  /** Where the new axis of samples goes when start or stop are arrays. */
  axis?: number;
}
/**
 * jnp.linspace(start, stop, num = 50, {endpoint, dtype, axis}): num evenly
 * spaced samples. JS numbers give XLA's float32 values bit for bit; array
 * (or traced) bounds broadcast against each other and the samples run along
 * a new axis, as JAX's.
 */
export function linspace(start: ArrayLike, stop: ArrayLike, num = 50, opts: LinspaceOpts = {}): NDArray {
  checkOptions(opts, "linspace", ["endpoint", "dtype", "axis"]);
  checkBoolOption(opts.endpoint, "linspace: endpoint");
  if (typeof start === "number" && typeof stop === "number" && opts.axis === undefined) {
    return linspaceOfNumbers(start, stop, num, { endpoint: opts.endpoint, dtype: opts.dtype });
  }
  const { dtype, lo, hi } = spaceBounds("linspace", start, stop, num, opts.dtype);
  const bounds = Math.max(lo.ndim, hi.ndim);
  const axis = normalizeAxis(opts.axis ?? 0, bounds + 1, "linspace axis");
  return linspaceArrays(lo, hi, num, opts.endpoint ?? true, axis, dtype);
}

export interface LogspaceOpts {
  endpoint?: boolean;
  base?: ArrayLike;
  dtype?: DTypeLike;
  axis?: number;
}
/** jnp.logspace(start, stop, num = 50, {endpoint, base = 10, dtype, axis}): base ** linspace(start, stop). */
export function logspace(start: ArrayLike, stop: ArrayLike, num = 50, opts: LogspaceOpts = {}): NDArray {
  checkOptions(opts, "logspace", ["endpoint", "base", "dtype", "axis"]);
  const { dtype, comp, lo, hi } = spaceBounds("logspace", start, stop, num, opts.dtype);
  const lin = linspaceArrays(lo, hi, num, opts.endpoint ?? true, opts.axis ?? 0, comp);
  return el.astype(el.power(opts.base ?? 10, lin), dtype);
}

export type GeomspaceOpts = LinspaceOpts;
/** jnp.geomspace(start, stop, num = 50, {endpoint, dtype, axis}): geometrically spaced values (signs kept). */
export function geomspace(start: ArrayLike, stop: ArrayLike, num = 50, opts: GeomspaceOpts = {}): NDArray {
  checkOptions(opts, "geomspace", ["endpoint", "dtype", "axis"]);
  const { dtype, comp, lo, hi } = spaceBounds("geomspace", start, stop, num, opts.dtype);
  const sign = el.sign(lo);
  // log10 as JAX's geomspace takes it: log(x) times log10(e) rounded to the dtype (not jnp.log10).
  const log10 = (x: NDArray) => el.multiply(el.log(x), full([], Math.LOG10E, { dtype: x.dtype }));
  const lin = linspaceArrays(log10(el.divide(lo, sign)), log10(el.divide(hi, sign)), num, opts.endpoint ?? true, 0, comp);
  let res = el.multiply(sign, el.astype(el.power(10, lin), comp));
  const ax = normalizeAxis(opts.axis ?? 0, res.ndim, "geomspace axis");
  if (ax !== 0) res = moveaxis(res, 0, ax);
  return el.astype(res, dtype);
}

export interface VanderOpts {
  increasing?: boolean;
}
/** jnp.vander(x, N = len(x), {increasing}): the columns are powers of x. */
export function vander(x: ArrayLike, N: number | null = null, opts: VanderOpts = {}): NDArray {
  checkOptions(opts, "vander", ["increasing"]);
  const a = asArray(x, "vander argument");
  if (a.ndim !== 1) throw new ValueError("x must be a one-dimensional array");
  const n = N ?? a.shape[0];
  checkInt(n, "vander N");
  if (n < 0) throw new ValueError("N must be nonnegative");
  let p = iota(a.dtype, n);
  if (!opts.increasing) p = el.subtract(full([], n - 1, { dtype: a.dtype }), p);
  return el.power(reshape(a, [a.shape[0], 1]), reshape(p, [1, n]));
}
