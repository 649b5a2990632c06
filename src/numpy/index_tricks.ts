// Index grids and conversions: indices, ix, mgrid/ogrid, r/c (NumPy's
// index_tricks, written as calls since JS has no `[a:b]` syntax:
// `jnp.mgrid(jnp.s(0, 3), jnp.s(0, 4))` is `jnp.mgrid[0:3, 0:4]`),
// indexExp, unravelIndex, ravelMultiIndex and fromfunction.
import { type DTypeLike, canonicalize, defaultFloat, isFloat, isInteger, parseDType } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { ConcretizationTypeError, JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, type Index, type NDArray, Slice } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { checkShape, prod } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { broadcastInDimP } from "../lax/shape_ops.ts";
import { vmap } from "../transforms/vmap.ts";
import { arange, array, full } from "./creation.ts";
import * as el from "./elementwise.ts";
import { any as anyR } from "./reductions.ts";
import { concatenate, reshape, stack } from "./shape.ts";
import { asArray, resultType } from "./util.ts";

export interface IndicesOpts {
  dtype?: DTypeLike;
  sparse?: boolean;
}
/** jnp.indices(dimensions, {dtype = int32, sparse}): the index grid, stacked (or one open-mesh array per axis). */
export function indices(dimensions: number[], opts: IndicesOpts = {}): NDArray | NDArray[] {
  checkOptions(opts, "indices", ["dtype", "sparse"]);
  const dims = checkShape(dimensions, "indices dimensions");
  const dtype = canonicalize(parseDType(opts.dtype ?? "int32", "indices dtype"));
  const grids = dims.map((d, i) => {
    const r = arange(d, { dtype });
    const shape = dims.map((_, j) => (j === i ? d : 1));
    const sparse = reshape(r, shape);
    return opts.sparse ? sparse : bind1(broadcastInDimP, [r], { shape: [...dims], broadcast_dimensions: [i] });
  });
  if (opts.sparse) return grids;
  return dims.length === 0 ? full([0], 0, { dtype }) : stack(grids);
}

/** jnp.ix_(...seqs): 1-d index arrays reshaped to an open mesh, for `x.get(...jnp.ix(rows, cols))`. */
export function ix(...args: ArrayLike[]): NDArray[] {
  const n = args.length;
  return args.map((x, i) => {
    const a = asArray(x, `ix argument ${i}`);
    if (a.ndim !== 1) throw new ValueError(`Arguments to jax.numpy.ix_ must be 1-dimensional, got shape ${JSON.stringify(a.shape)}`);
    if (a.dtype === "bool") throw new ValueError("Boolean arguments to jax.numpy.ix_ are not implemented");
    const shape = Array<number>(n).fill(1);
    shape[i] = a.shape[0];
    if (a.size === 0) return full(shape, 0, { dtype: "int32" });
    return bind1(broadcastInDimP, [a], { shape, broadcast_dimensions: [i] });
  });
}

/** One slice of mgrid/ogrid as a 1-d range (a JS number n means 0..n). */
function sliceRange(sl: Slice | number, what: string): NDArray {
  if (typeof sl === "number") return arange(sl);
  if (!(sl instanceof Slice)) throw new JaxTypeError(`${what}: expected slices made with jnp.s(start, stop, step), got ${describe(sl)}`);
  const start = sl.start ?? 0;
  const step = sl.step ?? 1;
  if (sl.stop === null) throw new ValueError(`${what}: a slice needs a stop`);
  return arange(start, sl.stop, step);
}
function gridRanges(what: string, slices: Array<Slice | number>): NDArray[] {
  const rs = slices.map((s) => sliceRange(s, what));
  // One dtype for all: int32 when every range is integral, else float.
  const float = rs.some((r) => isFloat(r.dtype));
  return float ? rs.map((r) => el.astype(r, defaultFloat())) : rs;
}

/** jnp.mgrid(...slices): the dense grid `jnp.mgrid[a:b, c:d]`, stacked on a new first axis (one slice: a range). */
export function mgrid(...slices: Array<Slice | number>): NDArray {
  const rs = gridRanges("mgrid", slices);
  if (rs.length === 1) return rs[0];
  const shape = rs.map((r) => r.shape[0]);
  return stack(rs.map((r, i) => bind1(broadcastInDimP, [r], { shape, broadcast_dimensions: [i] })));
}

/** jnp.ogrid(...slices): the open grid `jnp.ogrid[a:b, c:d]`, one broadcastable array per axis. */
export function ogrid(...slices: Array<Slice | number>): NDArray | NDArray[] {
  const rs = gridRanges("ogrid", slices);
  if (rs.length === 1) return rs[0];
  return rs.map((r, i) =>
    reshape(
      r,
      rs.map((q, j) => (i === j ? q.shape[0] : 1)),
    ),
  );
}

/** The items of r/c: slices become ranges, numbers and arrays at least 1-d. */
function concatItems(what: string, items: Array<ArrayLike | Slice>): NDArray[] {
  if (items.length === 0) throw new ValueError(`${what} needs at least one item`);
  return items.map((it, i) => {
    if (it instanceof Slice) return sliceRange(it, what);
    if (typeof it === "string") throw new ValueError(`${what}: string directives are not supported; got ${JSON.stringify(it)}`);
    const a = asArray(it, `${what} item ${i}`);
    return a.ndim === 0 ? reshape(a, [1]) : a;
  });
}
/** jnp.r_ as a call: `jnp.r(jnp.s(1, 4), 0, x)` is `jnp.r_[1:4, 0, x]` (concatenation along the first axis). */
export function r(...items: Array<ArrayLike | Slice>): NDArray {
  return concatenate(concatItems("r_", items), 0);
}
/** jnp.c_ as a call: items made at least 2-d (1-d ones as columns), joined along the last axis. */
export function c(...items: Array<ArrayLike | Slice>): NDArray {
  const arrs = concatItems("c_", items).map((a, i) => {
    const d = items[i];
    const scalar = typeof d === "number" || (d instanceof Object && "ndim" in d && (d as NDArray).ndim === 0);
    return scalar ? reshape(a, [1, 1]) : a.ndim === 1 ? reshape(a, [a.shape[0], 1]) : a;
  });
  return concatenate(arrs, -1);
}

/** jnp.index_exp as a call: the index items as a JS array, to spread into `x.get(...)`. */
export function indexExp(...idx: Index[]): Index[] {
  return idx;
}

/** jnp.unravel_index(indices, shape): flat indices as one index array per axis (out-of-range ones clamped, as JAX). */
export function unravelIndex(flat: ArrayLike, shape: number | number[]): NDArray[] {
  let rest = asArray(flat, "unravel_index indices");
  const dims = checkShape(typeof shape === "number" ? [shape] : shape, "unravel_index shape");
  const out: NDArray[] = Array(dims.length);
  for (let i = dims.length - 1; i >= 0; i--) {
    const q = el.floorDivide(rest, dims[i]);
    out[i] = el.remainder(rest, dims[i]);
    rest = q;
  }
  const oobPos = el.greater(rest, 0);
  const oobNeg = rest.dtype === "uint32" ? null : el.less(rest, -1);
  return out.map((o, i) => el.where(oobPos, dims[i] - 1, oobNeg ? el.where(oobNeg, 0, o) : o));
}

export interface RavelMultiIndexOpts {
  mode?: "raise" | "wrap" | "clip" | "ignore";
  order?: "C" | "F";
  dtype?: DTypeLike;
}
/** jnp.ravel_multi_index(multiIndex, dims, {mode = "raise", order = "C", dtype}): per-axis indices to flat ones. */
export function ravelMultiIndex(multiIndex: ArrayLike[], dims: number[], opts: RavelMultiIndexOpts = {}): NDArray {
  checkOptions(opts, "ravel_multi_index", ["mode", "order", "dtype"]);
  if (multiIndex.length !== dims.length) throw new ValueError(`len(multi_index)=${multiIndex.length} != len(dims)=${dims.length}`);
  const ds = checkShape(dims, "ravel_multi_index dims");
  let idx = multiIndex.map((m, i) => asArray(m, `ravel_multi_index index ${i}`));
  const dtype = opts.dtype === undefined ? resultType(1, ...idx).dtype : canonicalize(parseDType(opts.dtype, "ravel_multi_index dtype"));
  if (!isInteger(dtype)) throw new ValueError(`dtype=${dtype} is not an integer type.`);
  const mode = opts.mode ?? "raise";
  for (const i of idx) if (!isInteger(i.dtype)) throw new JaxTypeError("only int indices permitted");
  if (mode === "raise") {
    const bad = idx.map((i, k) => anyR(el.logicalOr(el.less(i, 0), el.greaterEqual(i, ds[k]))));
    if (bad.some((b) => b.isTracer)) {
      throw new ConcretizationTypeError(
        "Abstract tracer value encountered where concrete value is expected: The error occurred because ravel_multi_index was jit-compiled with mode='raise'. Use mode='wrap' or mode='clip' instead.",
      );
    }
    if (bad.some((b) => b.item())) throw new ValueError("invalid entry in coordinates array");
  } else if (mode === "clip") idx = idx.map((i, k) => el.clip(i, 0, ds[k] - 1));
  else if (mode === "wrap") idx = idx.map((i, k) => el.remainder(i, ds[k]));
  else if (mode !== "ignore") throw new ValueError(`invalid mode='${String(mode)}'. Expected 'raise', 'wrap', 'clip', or 'ignore'.`);
  const order = opts.order ?? "C";
  if (order !== "C" && order !== "F") throw new ValueError(`invalid order='${String(order)}'. Expected 'C' or 'F'`);
  const strides = ds.map((_, k) => (order === "C" ? prod(ds.slice(k + 1)) : prod(ds.slice(0, k))));
  let result: NDArray = array(0, { dtype });
  idx.forEach((i, k) => (result = el.add(result, el.multiply(el.astype(i, dtype), strides[k]))));
  return result;
}

export interface FromfunctionOpts {
  dtype?: DTypeLike;
}
/** jnp.fromfunction(f, shape, {dtype = float}): f called once on index grids, vectorized with vmap as in JAX. */
export function fromfunction<R>(f: (...idx: NDArray[]) => R, shape: number[], opts: FromfunctionOpts = {}): R {
  checkCallable(f, "fromfunction");
  checkOptions(opts, "fromfunction", ["dtype"]);
  const dims = checkShape(shape, "fromfunction shape");
  const dtype = canonicalize(parseDType(opts.dtype ?? defaultFloat(), "fromfunction dtype"));
  let fn = f as (...xs: NDArray[]) => unknown;
  for (let i = 0; i < dims.length; i++) {
    const inAxes = dims.map((_, j) => (j === i ? 0 : null)).reverse();
    fn = vmap(fn, { inAxes });
  }
  return fn(...dims.map((d) => arange(d, { dtype }))) as R;
}
