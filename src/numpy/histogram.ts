// jnp.histogram, histogramBinEdges, histogram2d, histogramdd: bins by
// searchsorted, counts by scatter-add (jit-friendly with array or integer bins).
import { ValueError } from "../core/errors.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { shapeStr } from "../core/shape.ts";
import { zeros } from "./creation.ts";
import { linspace } from "./creation_extra.ts";
import { add, astype, clip, divide, equal, multiply, subtract, where } from "./elementwise.ts";
import { s } from "./indexing.ts";
import { diff, promoteToFloatSame } from "./numeric.ts";
import { max, min, ptp, sum } from "./reductions.ts";
import { bincount, searchsorted } from "./searching.ts";
import { reshape, stack, transpose } from "./shape.ts";
import { asArray } from "./util.ts";
import { toFloatingDType } from "../core/dtypes.ts";

export type Bins = number | ArrayLike;
export type Range = [ArrayLike, ArrayLike] | ArrayLike | null;

export interface HistogramBinEdgesOpts {
  bins?: Bins;
  range?: Range;
  weights?: ArrayLike | null;
}
export interface HistogramOpts extends HistogramBinEdgesOpts {
  density?: boolean | null;
}

function binEdges(name: string, a: NDArray, bins: Bins, range: Range | undefined): NDArray {
  const dtype = toFloatingDType(a.dtype);
  if (typeof bins === "string") throw new ValueError("string values for `bins` not implemented.");
  if (typeof bins !== "number") {
    const b = asArray(bins, `${name} bins`);
    if (b.ndim === 1) return astype(b, dtype);
    bins = Number(b.item());
  }
  const n = checkInt(bins, `${name}: bins`, 0);
  let r: NDArray;
  if (range === undefined || range === null) r = stack([min(a), max(a)]);
  else r = Array.isArray(range) ? stack(range.map((v) => astype(v, dtype))) : asArray(range);
  r = astype(r, dtype);
  if (r.ndim !== 1 || r.shape[0] !== 2)
    throw new ValueError(`\`range\` must be either None or a sequence of scalars, got shape ${shapeStr(r.shape)}`);
  const flat = equal(ptp(r), 0);
  const lo = where(flat, subtract(r.get(0), 0.5), r.get(0));
  const hi = where(flat, add(r.get(1), 0.5), r.get(1));
  return astype(linspace(lo, hi, n + 1), dtype);
}

/** jnp.histogramBinEdges(a, {bins = 10, range, weights}): the bin edges histogram would use. */
export function histogramBinEdges(a: ArrayLike, opts: HistogramBinEdgesOpts = {}): NDArray {
  checkOptions(opts, "histogram_bin_edges", ["bins", "range", "weights"]);
  return binEdges("histogram_bin_edges", asArray(a, "histogram_bin_edges argument"), opts.bins ?? 10, opts.range);
}

/** jnp.histogram(a, {bins = 10, range, weights, density}) → [counts, edges]. */
export function histogram(a: ArrayLike, opts: HistogramOpts = {}): [NDArray, NDArray] {
  checkOptions(opts, "histogram", ["bins", "range", "weights", "density"]);
  let arr: NDArray;
  let w: NDArray;
  if (opts.weights === undefined || opts.weights === null) {
    [arr] = promoteToFloatSame("histogram", [a]);
    w = zeros(arr.shape, { dtype: arr.dtype }).add(1);
  } else {
    const aa = asArray(a, "histogram argument");
    const wa = asArray(opts.weights, "histogram weights");
    if (shapeStr(aa.shape) !== shapeStr(wa.shape)) throw new ValueError("weights should have the same shape as a.");
    [arr, w] = promoteToFloatSame("histogram", [aa, wa]);
  }
  const edges = binEdges("histogram", arr, opts.bins ?? 10, opts.range);
  const m = edges.shape[0];
  let idx = searchsorted(edges, arr, { side: "right" });
  idx = where(equal(arr, edges.get(-1)), m - 1, idx);
  let counts = zeros([m], { dtype: w.dtype }).at(idx).add(w).get(s(1, null));
  if (opts.density) counts = divide(divide(counts, diff(edges)), sum(counts));
  return [counts, edges];
}

export interface HistogramddOpts {
  bins?: Bins | Bins[];
  range?: Array<Range | null> | null;
  weights?: ArrayLike | null;
  density?: boolean | null;
}

/** jnp.histogramdd(sample, {bins, range, weights, density}) → [hist, edges[]]; sample has shape [N, D]. */
export function histogramdd(sample: ArrayLike, opts: HistogramddOpts = {}): [NDArray, NDArray[]] {
  checkOptions(opts, "histogramdd", ["bins", "range", "weights", "density"]);
  let smp: NDArray;
  let w: NDArray | null = null;
  if (opts.weights === undefined || opts.weights === null) [smp] = promoteToFloatSame("histogramdd", [sample]);
  else {
    const sa = asArray(sample, "histogramdd sample");
    const wa = asArray(opts.weights, "histogramdd weights");
    if (wa.ndim !== 1 || wa.shape[0] !== sa.shape[0]) throw new ValueError("should have one weight for each sample.");
    [smp, w] = promoteToFloatSame("histogramdd", [sa, wa]);
  }
  if (smp.ndim !== 2) throw new ValueError(`histogramdd: sample must be 2-dimensional, got shape ${shapeStr(smp.shape)}`);
  const [, D] = smp.shape;
  const range = opts.range;
  if (range !== undefined && range !== null) {
    const bad = range.length !== D || range.some((r) => r !== null && r !== undefined && asArray(r as ArrayLike).shape[0] !== 2);
    if (bad)
      throw new ValueError(
        `For sample.shape=(${smp.shape.join(", ")}), range must be a sequence of ${D} pairs or Nones; got range=${JSON.stringify(range)}`,
      );
  }
  const bins = opts.bins ?? 10;
  let perDim: Bins[];
  if (Array.isArray(bins)) perDim = bins as Bins[];
  else if (bins instanceof NDArray && bins.ndim > 0) perDim = [...bins];
  else perDim = Array(D).fill(bins);
  if (perDim.length !== D) throw new ValueError("should be a bin for each dimension.");
  const idxs: NDArray[] = [];
  const edges: NDArray[] = [];
  for (let i = 0; i < D; i++) {
    const col = smp.get(s(), i);
    const e = binEdges("histogramdd", col, perDim[i], range?.[i] ?? null);
    let bi = searchsorted(e, col, { side: "right" });
    bi = where(equal(col, e.get(-1)), subtract(bi, 1), bi);
    idxs.push(bi);
    edges.push(e);
  }
  const nbins = edges.map((e) => e.shape[0] + 1);
  // ravel_multi_index with mode "clip".
  let flat: NDArray = zeros(idxs[0].shape, { dtype: "int32" });
  let stride = 1;
  for (let i = D - 1; i >= 0; i--) {
    flat = add(flat, multiply(clip(idxs[i], 0, nbins[i] - 1), stride));
    stride *= nbins[i];
  }
  let hist = reshape(bincount(flat, { weights: w, length: stride }), nbins);
  hist = hist.get(...nbins.map(() => s(1, -1)));
  if (opts.density) {
    hist = divide(astype(hist, smp.dtype), sum(hist));
    edges.forEach((e, i) => {
      const de = diff(e);
      hist = divide(
        hist,
        reshape(
          de,
          nbins.map((_, j) => (j === i ? de.shape[0] : 1)),
        ),
      );
    });
  }
  return [hist, edges];
}

export interface Histogram2dOpts {
  bins?: Bins | Bins[];
  range?: Array<Range | null> | null;
  weights?: ArrayLike | null;
  density?: boolean | null;
}

/** jnp.histogram2d(x, y, {bins, range, weights, density}) → [hist, xedges, yedges]. */
export function histogram2d(x: ArrayLike, y: ArrayLike, opts: Histogram2dOpts = {}): [NDArray, NDArray, NDArray] {
  checkOptions(opts, "histogram2d", ["bins", "range", "weights", "density"]);
  let bins = opts.bins ?? 10;
  const n = Array.isArray(bins) ? bins.length : bins instanceof NDArray && bins.ndim > 0 ? bins.shape[0] : 1;
  if (n !== 1 && n !== 2) bins = [bins as Bins, bins as Bins];
  const sample = transpose(stack([asArray(x, "histogram2d x"), asArray(y, "histogram2d y")]));
  const [hist, edges] = histogramdd(sample, { ...opts, bins });
  return [hist, edges[0], edges[1]];
}
