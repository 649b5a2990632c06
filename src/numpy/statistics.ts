// jnp order statistics: quantile, percentile, median and their nan* forms
// (sort along the reduced axes, then interpolate between neighbours as JAX does).
import { type DType, type DTypeLike, isComplex, isFloat, isInteger, parseDType, toFloatingDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions, isPlainObject } from "../core/options.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { normalizeAxis, shapeStr } from "../core/shape.ts";
import {
  abs,
  add,
  astype,
  ceil,
  clip,
  divide,
  floor,
  isnan,
  logicalNot,
  maximum,
  minimum,
  multiply,
  sqrt,
  subtract,
  where,
  equal,
  logicalOr,
} from "./elementwise.ts";
import { full, zeros } from "./creation.ts";
import { conj, imag, real } from "./complex.ts";
import { complex } from "../lax/complex_api.ts";
import { s } from "./indexing.ts";
import { dot } from "./linalg_basic.ts";
import { promoteToFloatSame } from "./numeric.ts";
import { any, cumsum, mean, sum } from "./reductions.ts";
import { bind } from "../core/trace.ts";
import { sortP } from "../lax/sort.ts";
import { broadcastInDim } from "../lax/api.ts";
import { atleast2d, broadcastTo, concatenate, expandDims, reshape, squeeze, transpose } from "./shape.ts";
import { sort } from "./sorting.ts";
import { takeAlongAxis } from "./take.ts";
import { asArray, axisOrOpts } from "./util.ts";

export type QuantileMethod = "linear" | "lower" | "higher" | "midpoint" | "nearest" | "inverted_cdf";
const METHODS = ["linear", "lower", "higher", "midpoint", "nearest", "inverted_cdf"];

export interface QuantileOpts {
  /** The axis, when not given positionally. */
  axis?: number | number[] | null;
  method?: QuantileMethod;
  keepdims?: boolean;
  /** Per-element weights (method "inverted_cdf" only): a's shape, or the reduced axes' shape. */
  weights?: ArrayLike | null;
}
export interface MedianOpts {
  /** The axis, when not given positionally. */
  axis?: number | number[] | null;
  keepdims?: boolean;
}

type QAxis = number | number[] | null | undefined;

/** `a` with the reduced axes moved last and merged into one; also the shape keepdims restores. */
function gatherAxes(a: NDArray, axis: QAxis, name: string): [NDArray, number[]] {
  if (axis === null || axis === undefined) return [reshape(a, [a.size]), a.shape.map(() => 1)];
  const axes = (Array.isArray(axis) ? axis : [axis]).map((ax) => normalizeAxis(ax, a.ndim, `${name} axis`));
  if (new Set(axes).size !== axes.length) throw new ValueError("repeated axis");
  const keep = [...Array(a.ndim).keys()].filter((i) => !axes.includes(i));
  const moved = transpose(a, [...keep, ...axes.slice().sort((x, y) => x - y)]);
  const n = axes.reduce((p, ax) => p * a.shape[ax], 1);
  return [reshape(moved, keep.map((i) => a.shape[i]).concat([n])), a.shape.map((d, i) => (axes.includes(i) ? 1 : d))];
}

function quantileImpl(name: string, x: ArrayLike, q: ArrayLike, axis: QAxis, o: QuantileOpts, squashNans: boolean): NDArray {
  let a = asArray(x, `${name} argument a`);
  if (isComplex(a.dtype)) throw new ValueError(`${name} does not support complex input, as the operation is poorly defined.`);
  if (!isFloat(a.dtype)) a = astype(a, toFloatingDType(a.dtype));
  const method = o.method ?? "linear";
  if (!METHODS.includes(method)) {
    throw new ValueError("method can only be 'linear', 'lower', 'higher', 'midpoint', 'nearest' or 'inverted_cdf'");
  }
  let w: NDArray | null = null;
  if (o.weights !== undefined && o.weights !== null) {
    if (method !== "inverted_cdf") {
      throw new JaxTypeError(`${method} doesn't support weights. Only method 'inverted_cdf' supports weights.`);
    }
    [a, w] = promoteToFloatSame(name, [a, o.weights]);
    w = quantileWeights(a, w, axis, name);
  }
  let qa = asArray(q, `${name} argument q`);
  if (qa.ndim > 1) throw new ValueError(`q must be have rank <= 1, got shape ${shapeStr(qa.shape)}`);
  if (!isFloat(qa.dtype)) qa = astype(qa, toFloatingDType(qa.dtype));
  let [flat, keepShape] = gatherAxes(a, axis, name);
  const batch = flat.shape.slice(0, -1);
  const n = flat.shape[flat.ndim - 1];
  // JAX's gather of the middle elements fails on an empty axis.
  if (n === 0) throw new JaxTypeError(`${name}: the reduced axes are empty (shape ${shapeStr(a.shape)}); there is no element to take`);
  if (!squashNans) flat = where(any(isnan(flat), -1, { keepdims: true }), NaN, flat);
  let sorted: NDArray;
  let sortedW: NDArray | null = null;
  if (w !== null)
    [sorted, sortedW] = bind(sortP, [flat, gatherAxes(w, axis, name)[0]], { dimension: flat.ndim - 1, is_stable: true, num_keys: 1 });
  else sorted = sort(flat, -1);
  const counts: NDArray | number = squashNans ? astype(sum(logicalNot(isnan(flat)), -1), qa.dtype) : n;
  // q against the batch: Q + B.
  const qb = reshape(qa, [...qa.shape, ...batch.map(() => 1)]);
  const pos = multiply(qb, subtract(counts, 1));
  const lowF = floor(pos);
  const highW = subtract(pos, lowF);
  const lowW = subtract(1, highW);
  const clampIdx = (v: NDArray) => astype(maximum(0, minimum(v, subtract(counts, 1))), "int32");
  const outShape = [...qa.shape, ...batch];
  const pick = (idx: NDArray): NDArray => {
    const full = broadcastTo(sorted, [...qa.shape, ...sorted.shape]);
    const i = expandDims(broadcastTo(idx, outShape), -1);
    return squeeze(takeAlongAxis(full, i, -1), -1);
  };
  const lowV = pick(clampIdx(lowF));
  const highV = pick(clampIdx(ceil(pos)));
  let r: NDArray;
  if (method === "linear") r = add(multiply(astype(lowV, qa.dtype), lowW), multiply(astype(highV, qa.dtype), highW));
  else if (method === "lower") r = lowV;
  else if (method === "higher") r = highV;
  else if (method === "nearest") r = where(highW.le(0.5), lowV, broadcastTo(highV, outShape));
  else if (method === "inverted_cdf") r = invertedCdf(sorted, sortedW, qa, counts, squashNans, pick);
  else r = multiply(add(lowV, highV), 0.5);
  if (o.keepdims) r = reshape(r, [...qa.shape, ...keepShape]);
  return astype(r, a.dtype);
}

/** Weights broadcast to a's shape (given a's shape or the reduced axes' shape). */
function quantileWeights(a: NDArray, w: NDArray, axis: QAxis, name: string): NDArray {
  if (shapeStr(w.shape) === shapeStr(a.shape)) return w;
  if (axis === null || axis === undefined) throw new ValueError("Weights shape must match 'a' shape when axis is None.");
  const axes = (Array.isArray(axis) ? axis : [axis]).map((ax) => normalizeAxis(ax, a.ndim, `${name} axis`));
  const want = axes.map((ax) => a.shape[ax]);
  if (shapeStr(w.shape) !== shapeStr(want)) {
    throw new ValueError(`Weights shape ${shapeStr(w.shape)} must match reduction axes ${shapeStr(want)}`);
  }
  return broadcastInDim(w, a.shape, axes);
}

/** The first sorted value whose cumulative weight reaches q of the total (NaN for negative or NaN weights). */
function invertedCdf(
  sorted: NDArray,
  w: NDArray | null,
  q: NDArray,
  counts: NDArray | number,
  squashNans: boolean,
  pick: (idx: NDArray) => NDArray,
): NDArray {
  const weights = w ?? zeros(sorted.shape, { dtype: sorted.dtype }).add(1);
  const bad = logicalOr(weights.lt(0), isnan(weights));
  const nanData = isnan(sorted);
  const cum = cumsum(where(logicalOr(bad, nanData), 0, weights), -1);
  const total = cum.get("...", -1);
  const qb = reshape(q, [...q.shape, ...total.shape.map(() => 1)]);
  const target = multiply(qb, total);
  const idx = sum(astype(cum.lt(expandDims(target, -1)), "int32"), -1);
  const maxIdx = astype(subtract(counts, 1), "int32");
  const r = pick(maximum(0, minimum(idx, maxIdx)));
  const allNan = squashNans ? equal(counts, 0) : any(nanData, -1);
  return where(logicalOr(any(bad, -1), allNan), NaN, r);
}

/** jnp.quantile(a, q, axis?, {method, keepdims}): q in [0, 1]; NaN where a slice holds a NaN. */
export function quantile(a: ArrayLike, q: ArrayLike, axis?: QAxis | QuantileOpts, opts?: QuantileOpts): NDArray {
  const [ax, o] = axisOrOpts<QAxis, QuantileOpts>(axis, opts);
  checkOptions(o, "quantile", ["method", "keepdims", "weights"]);
  return quantileImpl("quantile", a, q, ax, o ?? {}, false);
}

/** jnp.nanquantile(a, q, axis?, {method, keepdims}): the quantile of the non-NaN elements. */
export function nanquantile(a: ArrayLike, q: ArrayLike, axis?: QAxis | QuantileOpts, opts?: QuantileOpts): NDArray {
  const [ax, o] = axisOrOpts<QAxis, QuantileOpts>(axis, opts);
  checkOptions(o, "nanquantile", ["method", "keepdims", "weights"]);
  return quantileImpl("nanquantile", a, q, ax, o ?? {}, true);
}

function percentQ(name: string, q: ArrayLike): NDArray {
  const qa = asArray(q, `${name} argument q`);
  return divide(qa, 100);
}

/** jnp.percentile(a, q, axis?, {method, keepdims}): q in [0, 100]. */
export function percentile(a: ArrayLike, q: ArrayLike, axis?: QAxis | QuantileOpts, opts?: QuantileOpts): NDArray {
  const [ax, o] = axisOrOpts<QAxis, QuantileOpts>(axis, opts);
  checkOptions(o, "percentile", ["method", "keepdims", "weights"]);
  return quantileImpl("percentile", a, percentQ("percentile", q), ax, o ?? {}, false);
}

/** jnp.nanpercentile(a, q, axis?, {method, keepdims}): the percentile of the non-NaN elements. */
export function nanpercentile(a: ArrayLike, q: ArrayLike, axis?: QAxis | QuantileOpts, opts?: QuantileOpts): NDArray {
  const [ax, o] = axisOrOpts<QAxis, QuantileOpts>(axis, opts);
  checkOptions(o, "nanpercentile", ["method", "keepdims", "weights"]);
  return quantileImpl("nanpercentile", a, percentQ("nanpercentile", q), ax, o ?? {}, true);
}

/** jnp.median(a, axis?, {keepdims}). */
export function median(a: ArrayLike, axis?: QAxis | MedianOpts, opts?: MedianOpts): NDArray {
  const [ax, o = {}] = axisOrOpts<QAxis, MedianOpts>(axis, opts);
  checkOptions(o, "median", ["keepdims"]);
  return quantileImpl("median", a, 0.5, ax, { keepdims: o.keepdims, method: "midpoint" }, false);
}

/** jnp.nanmedian(a, axis?, {keepdims}): the median of the non-NaN elements. */
export function nanmedian(a: ArrayLike, axis?: QAxis | MedianOpts, opts?: MedianOpts): NDArray {
  const [ax, o = {}] = axisOrOpts<QAxis, MedianOpts>(axis, opts);
  checkOptions(o, "nanmedian", ["keepdims"]);
  return quantileImpl("nanmedian", a, 0.5, ax, { keepdims: o.keepdims, method: "midpoint" }, true);
}

export interface CovOpts {
  y?: ArrayLike | null;
  rowvar?: boolean;
  bias?: boolean;
  ddof?: number | null;
  fweights?: ArrayLike | null;
  aweights?: ArrayLike | null;
  dtype?: DTypeLike | null;
}

/** jnp.cov(m, y?, {y, rowvar, bias, ddof, fweights, aweights, dtype}): the covariance matrix (rows are variables). */
export function cov(m: ArrayLike, yOrOpts?: ArrayLike | CovOpts | null, opts: CovOpts = {}): NDArray {
  if (isPlainObject(yOrOpts)) opts = yOrOpts as CovOpts;
  else if (yOrOpts !== undefined && yOrOpts !== null) opts = { ...opts, y: yOrOpts as ArrayLike };
  checkOptions(opts, "cov", ["y", "rowvar", "bias", "ddof", "fweights", "aweights", "dtype"]);
  return m instanceof NDArray && noArrays(opts, ["y", "fweights", "aweights"]) ? covC(m, opts) : covBody(m, opts);
}

/** Whether the options hold none of these array arguments (the others are static: numbers, flags, a dtype). */
const noArrays = (opts: object, keys: string[]): boolean =>
  keys.every((k) => (opts as Record<string, unknown>)[k] === undefined || (opts as Record<string, unknown>)[k] === null);

/** Compiled when eager, as JAX jits cov and corrcoef: one program rather than a dispatch per operation. */
const covC = compiledEager((m: NDArray, opts: CovOpts) => covBody(m, opts), [1]);

function covBody(m: ArrayLike, opts: CovOpts): NDArray {
  const rowvar = opts.rowvar ?? true;
  const hasY = opts.y !== undefined && opts.y !== null;
  const [ma, ya] = promoteToFloatSame("cov", hasY ? [m, opts.y as ArrayLike] : [m]);
  if (ya && ya.ndim > 2) throw new ValueError("y has more than 2 dimensions");
  if (ma.ndim > 2) throw new ValueError("m has more than 2 dimensions");
  let dtype: DType | null = null;
  if (opts.dtype !== undefined && opts.dtype !== null) {
    dtype = parseDType(opts.dtype, "cov dtype");
    if (!isFloat(dtype)) throw new ValueError(`cov: dtype must be a subclass of float or complex; got dtype=${dtype}`);
  }
  let X = atleast2d(ma);
  if (!rowvar && ma.ndim !== 1) X = transpose(X);
  if (X.shape[0] === 0) return zeros([0, 0], { dtype: X.dtype });
  if (ya) {
    let yy = atleast2d(ya);
    if (!rowvar && yy.shape[0] !== 1) yy = transpose(yy);
    X = concatenate([X, yy], 0);
  }
  if (X.shape[1] === 0) return full(X.shape[0] === 1 ? [] : [X.shape[0], X.shape[0]], NaN, { dtype: X.dtype });
  const ddof = opts.ddof ?? (opts.bias ? 0 : 1);
  let w: NDArray | null = null;
  let aw: NDArray | null = null;
  if (opts.fweights !== undefined && opts.fweights !== null) {
    const fw = asArray(opts.fweights, "cov fweights");
    if (fw.ndim > 1) throw new ValueError("cannot handle multidimensional fweights");
    if (fw.shape[0] !== X.shape[1]) throw new ValueError("incompatible numbers of samples and fweights");
    if (!isInteger(fw.dtype)) throw new JaxTypeError("fweights must be integer.");
    w = abs(fw);
  }
  if (opts.aweights !== undefined && opts.aweights !== null) {
    const a = asArray(opts.aweights, "cov aweights");
    if (a.ndim > 1) throw new ValueError("cannot handle multidimensional aweights");
    if (a.shape[0] !== X.shape[1]) throw new ValueError("incompatible numbers of samples and aweights");
    aw = abs(a);
    w = w === null ? aw : multiply(w, aw);
  }
  if (dtype !== null) {
    X = astype(X, dtype);
    if (w !== null) w = astype(w, dtype);
  }
  let avg: NDArray;
  let f: NDArray | number;
  if (w === null) {
    avg = mean(X, 1);
    f = X.shape[1] - ddof;
  } else {
    const [Xw, ww] = promoteToFloatSame("cov", [X, w]);
    const wSum = sum(ww);
    avg = divide(sum(multiply(Xw, ww), 1), wSum);
    if (ddof === 0) f = wSum;
    else if (aw === null) f = subtract(wSum, ddof);
    else f = subtract(wSum, divide(multiply(ddof, sum(multiply(ww, aw))), wSum));
  }
  X = subtract(X, reshape(avg, [avg.shape[0], 1]));
  const XT = w === null ? transpose(X) : transpose(multiply(X, w));
  return squeeze(divide(dot(X, conj(XT)), f));
}

export interface CorrcoefOpts {
  y?: ArrayLike | null;
  rowvar?: boolean;
  dtype?: DTypeLike | null;
}

/** jnp.corrcoef(x, y?, {y, rowvar, dtype}): Pearson correlation coefficients, clipped to [-1, 1]. */
export function corrcoef(x: ArrayLike, yOrOpts?: ArrayLike | CorrcoefOpts | null, opts: CorrcoefOpts = {}): NDArray {
  if (isPlainObject(yOrOpts)) opts = yOrOpts as CorrcoefOpts;
  else if (yOrOpts !== undefined && yOrOpts !== null) opts = { ...opts, y: yOrOpts as ArrayLike };
  checkOptions(opts, "corrcoef", ["y", "rowvar", "dtype"]);
  if (opts.dtype !== undefined && opts.dtype !== null && !isFloat(parseDType(opts.dtype, "corrcoef dtype"))) {
    throw new ValueError(`corrcoef: dtype must be a subclass of float or complex; got dtype=${String(opts.dtype)}`);
  }
  return x instanceof NDArray && noArrays(opts, ["y"]) ? corrcoefC(x, opts) : corrcoefBody(x, opts);
}
const corrcoefC = compiledEager((x: NDArray, opts: CorrcoefOpts) => corrcoefBody(x, opts), [1]);

function corrcoefBody(x: ArrayLike, opts: CorrcoefOpts): NDArray {
  const c = cov(x, { y: opts.y, rowvar: opts.rowvar, dtype: opts.dtype });
  if (c.ndim === 0) return divide(c, c);
  const n = c.shape[0];
  const d = reshape(c, [n * n]).get(s(null, null, n + 1));
  const sd = astype(sqrt(real(d)), c.dtype);
  const r = divide(divide(c, reshape(sd, [n, 1])), reshape(sd, [1, n]));
  // Complex coefficients clip their real and imaginary parts apart, as JAX's.
  if (isComplex(r.dtype)) return complex(clip(real(r), -1, 1), clip(imag(r), -1, 1));
  return clip(r, -1, 1);
}
