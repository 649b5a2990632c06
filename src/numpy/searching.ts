// jnp's searching and counting: nonzero/argwhere (static `size` under jit),
// searchsorted, digitize, bincount, lexsort, partition/argpartition.
import { defaultInt, isComplex, isFloat, isInteger, isUnsigned } from "../core/dtypes.ts";
import { imag, real } from "./complex.ts";
import { ConcretizationTypeError, JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { normalizeAxis, shapeStr } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import { shiftRightArithmetic } from "../lax/api.ts";
import { topK } from "../lax/api_extra.ts";
import { putAlongAxis } from "./selection.ts";
import { iotaP } from "../lax/shape_ops.ts";
import { sortP } from "../lax/sort.ts";
import { arange, full, zeros } from "./creation.ts";
import {
  add,
  astype,
  equal,
  floorDivide,
  greaterEqual,
  isnan,
  less,
  logicalAnd,
  logicalNot,
  logicalOr,
  maximum,
  mod,
  negative,
  notEqual,
  subtract,
  where,
  whereHooks,
} from "./elementwise.ts";
import { cumsum, sum } from "./reductions.ts";
import { concatenate, ravel, reshape, swapaxes, transpose } from "./shape.ts";
import { take } from "./take.ts";
import { asArray, isConcrete, namedResultType, toType } from "./util.ts";
import { s as sl } from "./indexing.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

/** A value needed on the host (an output size): throws under transformations as JAX does. */
function concreteValues(x: NDArray, what: string): number[] {
  if (!isConcrete(x)) {
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: ${what}. Its shape ${shapeStr(x.shape)} and dtype ${x.dtype} are known, its values are not (pass a static size to use it under jit, vmap or grad).`,
    );
  }
  return Array.from(x.dataSync() as Iterable<number>, Number);
}

export interface NonzeroOpts {
  /** The static number of indices returned (pads or truncates); required under jit. */
  size?: number;
  /** The index written past the true count (a number, or one per axis). */
  fillValue?: ArrayLike | ArrayLike[];
}

/** jnp.nonzero(a, {size, fillValue}): one int32 index array per axis of `a`. */
export function nonzero(a: ArrayLike, opts: NonzeroOpts = {}): NDArray[] {
  checkOptions(opts, "nonzero", ["size", "fillValue"]);
  const arr = asArray(a, "nonzero argument");
  if (arr.ndim === 0) {
    throw new ValueError("Calling nonzero on 0d arrays is not allowed. Use jnp.atleast_1d(scalar).nonzero() instead.");
  }
  const mask = arr.dtype === "bool" ? arr : notEqual(arr, 0);
  const size =
    opts.size === undefined || opts.size === null
      ? concreteValues(
          sum(mask),
          "The size argument of jnp.nonzero must be statically specified to use jnp.nonzero within JAX transformations",
        )[0]
      : checkInt(opts.size, "nonzero: size", 0);
  if (arr.size === 0 || size === 0) return arr.shape.map(() => zeros([size], { dtype: defaultInt() }));
  // Counting the running total of hits gives, summed again, the flat index of each hit.
  const flat = cumsum(bincount(cumsum(ravel(mask)), { length: size }));
  const strides = arr.shape.map((_, i) => arr.shape.slice(i + 1).reduce((p, d) => p * d, 1));
  let out = strides.map((st, i) => mod(floorDivide(flat, st), arr.shape[i]));
  if (opts.fillValue !== undefined && opts.fillValue !== null) {
    const fv = opts.fillValue;
    const fills = Array.isArray(fv) && fv.length === arr.ndim && !Array.isArray(fv[0]) ? fv : arr.shape.map(() => fv);
    for (const f of fills) {
      if (asArray(f as ArrayLike).ndim !== 0) {
        throw new ValueError(`fill_value must be a scalar or a tuple of length ${arr.ndim}; got ${JSON.stringify(fv)}`);
      }
    }
    const past = greaterEqual(arange(size), sum(mask));
    out = out.map((e, i) => where(past, fills[i] as ArrayLike, e));
  }
  return out;
}

whereHooks.nonzero = nonzero;

/** jnp.argwhere(a, {size, fillValue}): the indices of the nonzero elements as rows, shape [count, ndim]. */
export function argwhere(a: ArrayLike, opts: NonzeroOpts = {}): NDArray {
  checkOptions(opts, "argwhere", ["size", "fillValue"]);
  const arr = asArray(a, "argwhere argument");
  const idx = nonzero(arr.ndim === 0 ? reshape(arr, [1]) : arr, opts);
  const n = idx[0].shape[0];
  if (arr.ndim === 0) return zeros([n, 0], { dtype: defaultInt() });
  return transpose(
    concatenate(
      idx.map((i) => reshape(i, [1, n])),
      0,
    ),
  );
}

export type SearchSide = "left" | "right";
export interface SearchsortedOpts {
  side?: SearchSide;
  sorter?: ArrayLike | null;
  method?: "scan" | "scan_unrolled" | "compare_all" | "sort";
}

/** x < y in the sort order (NaN last, -0 equal to 0). */
function totalLess(x: NDArray, y: NDArray): NDArray {
  // Complex numbers order lexicographically by (real, imaginary), as JAX's sort comparator.
  if (isComplex(x.dtype)) {
    const [xr, yr] = [real(x), real(y)];
    return logicalOr(totalLess(xr, yr), logicalAnd(equal(xr, yr), totalLess(imag(x), imag(y))));
  }
  if (!isFloat(x.dtype)) return less(x, y);
  return logicalOr(less(x, y), logicalAnd(isnan(y), logicalNot(isnan(x))));
}

/** jnp.searchsorted(a, v, {side, sorter, method}): where `v`'s values would go in the sorted 1-D `a`. */
export function searchsorted(a: ArrayLike, v: ArrayLike, opts: SearchsortedOpts = {}): NDArray {
  checkOptions(opts, "searchsorted", ["side", "sorter", "method"]);
  const side = opts.side ?? "left";
  const method = opts.method ?? "scan";
  if (side !== "left" && side !== "right") throw new ValueError(`side must be 'left' or 'right', got ${JSON.stringify(side)}`);
  if (!["scan", "scan_unrolled", "compare_all", "sort"].includes(method)) throw new ValueError(`Unsupported method: ${method}`);
  let arr = asArray(a, "searchsorted argument a");
  if (arr.ndim !== 1) throw new ValueError("a should be 1-dimensional");
  let q = asArray(v, "searchsorted argument v");
  [arr, q] = promoteArgsNoBroadcast("searchsorted", arr, q);
  if (opts.sorter !== undefined && opts.sorter !== null) arr = take(arr, opts.sorter, 0);
  return searchC(arr, q, side, method);
}

/** Eagerly one compiled program per shape: the search's ~8 operations a level as one program, not an array each. */
const searchC = compiledEager(search, [2, 3]);

function search(arr: NDArray, q: NDArray, side: "left" | "right", method: string): NDArray {
  const n = arr.shape[0];
  if (n === 0) return zeros(q.shape, { dtype: "int32" });
  // "Goes left of a[mid]": v <= a[mid] for side left, v < a[mid] for side right.
  const goesLeft = (s: NDArray) => (side === "left" ? logicalNot(totalLess(s, q)) : totalLess(q, s));
  if (method === "compare_all" || method === "sort") {
    // Count the elements of a that v goes right of (a along a new leading axis).
    const column = reshape(arr, [n, ...q.shape.map(() => 1)]);
    return astype(sum(logicalNot(goesLeft(column)), 0), "int32");
  }
  // Binary search, one level per step, as JAX's scan does (same answer for unsorted `a`).
  let low = zeros(q.shape, { dtype: "int32" });
  let high = full(q.shape, n, { dtype: "int32" });
  const levels = Math.ceil(Math.log2(n + 1));
  for (let i = 0; i < levels; i++) {
    // high >= low >= 0, so the halving is a shift (floor division's sign correction, three more operations, never applies).
    const mid = add(low, shiftRightArithmetic(subtract(high, low), 1));
    const left = goesLeft(take(arr, mid, 0, { mode: "clip" }));
    [low, high] = [where(left, low, mid), where(left, mid, high)];
  }
  return high;
}

/** JAX's promotion of two operands without broadcasting them together. */
function promoteArgsNoBroadcast(name: string, a: NDArray, b: NDArray): [NDArray, NDArray] {
  const t = namedResultType(name, [a, b]);
  return [toType(a, t.dtype, t.weakType), toType(b, t.dtype, t.weakType)];
}

/** jnp.digitize(x, bins, right?): the bin of each value (bins increasing or decreasing). */
export function digitize(x: ArrayLike, bins: ArrayLike, right = false, opts: { method?: SearchsortedOpts["method"] } = {}): NDArray {
  checkOptions(opts, "digitize", ["method"]);
  const xa = asArray(x, "digitize argument x");
  const b = asArray(bins, "digitize argument bins");
  if (b.ndim !== 1) throw new ValueError(`digitize: bins must be a 1-dimensional array; got bins with shape ${shapeStr(b.shape)}`);
  const n = b.shape[0];
  if (n === 0) return zeros(xa.shape, { dtype: "int32" });
  const side: SearchSide = right ? "left" : "right";
  const method = opts.method;
  const up = searchsorted(b, xa, { side, method });
  const down = subtract(n, searchsorted(b.get(sl(null, null, -1)), xa, { side, method }));
  return where(greaterEqual(b.get(n - 1), b.get(0)), up, down);
}

export interface BincountOpts {
  weights?: ArrayLike | null;
  minlength?: number;
  /** The static output length; required under jit. */
  length?: number | null;
}

/** jnp.bincount(x, {weights, minlength, length}): counts (or summed weights) of each non-negative integer. */
export function bincount(x: ArrayLike, opts: BincountOpts = {}): NDArray {
  checkOptions(opts, "bincount", ["weights", "minlength", "length"]);
  let xa = asArray(x, "bincount argument x");
  if (xa.dtype === "bool") xa = astype(xa, "int32");
  if (!isInteger(xa.dtype)) throw new JaxTypeError(`x argument to bincount must have an integer type; got ${xa.dtype}`);
  if (xa.ndim !== 1) throw new ValueError("only 1-dimensional input supported.");
  const minlength = checkInt(opts.minlength ?? 0, "bincount: minlength");
  let length: number;
  if (opts.length === undefined || opts.length === null) {
    const vals = concreteValues(
      xa,
      "The error occurred because of argument 'x' of jnp.bincount. To avoid this error, pass a static `length` argument",
    );
    length = Math.max(minlength, vals.length ? Math.max(0, ...vals) + 1 : 0);
  } else length = checkInt(opts.length, "bincount: length", 0);
  let w: NDArray;
  if (opts.weights === undefined || opts.weights === null) w = full(xa.shape, 1, { dtype: defaultInt() });
  else {
    w = asArray(opts.weights, "bincount weights");
    if (w.shape.length !== xa.shape.length || w.shape[0] !== xa.shape[0]) {
      throw new ValueError(
        `type of weights must match type of x. Got typeof(x)=${xa.dtype}${shapeStr(xa.shape)} and typeof(weights)=${w.dtype}${shapeStr(w.shape)}`,
      );
    }
    if (w.weakType) w = astype(w, w.dtype);
  }
  return zeros([length], { dtype: w.dtype }).at(maximum(xa, 0)).add(w);
}

/** jnp.lexsort(keys, axis = -1): indices sorting by the last key, then the one before, ... */
export function lexsort(keys: ArrayLike[], axis = -1): NDArray {
  if (!Array.isArray(keys) || keys.length === 0) throw new JaxTypeError("need sequence of keys with len > 0 in lexsort");
  const ks = keys.map((k, i) => asArray(k, `lexsort key ${i}`));
  if (new Set(ks.map((k) => shapeStr(k.shape))).size > 1) throw new ValueError("all keys need to be the same shape");
  if (ks[0].ndim === 0) return zeros([], { dtype: defaultInt() });
  const ax = normalizeAxis(axis, ks[0].ndim, "lexsort axis");
  const iota = bind1(iotaP, [], { dtype: defaultInt(), shape: [...ks[0].shape], dimension: ax });
  const out = bind(sortP, [...ks.slice().reverse(), iota], { dimension: ax, is_stable: true, num_keys: ks.length });
  return out[out.length - 1];
}

function checkPartition(name: string, a: ArrayLike, kth: number, axis: number): [NDArray, number, number] {
  const arr = asArray(a, `${name} argument`);
  const ax = normalizeAxis(axis, arr.ndim, `${name} axis`);
  const k = normalizeAxis(checkInt(kth, `${name}: kth`), arr.shape[ax], `${name} kth`);
  return [swapaxes(arr, ax, -1), ax, k];
}

/**
 * -x for the bottom values' top_k, as JAX: unsigned integers as -(x + 1),
 * so that 0 (whose negation is itself) still comes last among them.
 */
function negatedForBottom(arr: NDArray): NDArray {
  return isUnsigned(arr.dtype) ? negative(add(arr, 1)) : negative(arr);
}

/**
 * jnp.partition(a, kth, axis = -1) as JAX computes it, by two top_ks: the
 * kth+1 smallest ascending (NaNs with the sign bit set first), then the
 * rest descending.
 */
export function partition(a: ArrayLike, kth: number, axis = -1): NDArray {
  const [arr, ax, k] = checkPartition("partition", a, kth, axis);
  const n = arr.shape[arr.ndim - 1];
  let bottom = negative(topK(negatedForBottom(arr), k + 1)[0]);
  if (isUnsigned(arr.dtype)) bottom = subtract(bottom, 1);
  const top = topK(arr, n - k - 1)[0];
  return swapaxes(concatenate([bottom, top], arr.ndim - 1), -1, ax);
}

/**
 * jnp.argpartition(a, kth, axis = -1) as JAX computes it: the kth+1
 * smallest by top_k, then the others by a top_k of a 0/1 proxy (their
 * order by index), int32 even under x64 (lax.top_k's indices).
 */
export function argpartition(a: ArrayLike, kth: number, axis = -1): NDArray {
  const [arr, ax, k] = checkPartition("argpartition", a, kth, axis);
  const n = arr.shape[arr.ndim - 1];
  const bottom = topK(negatedForBottom(arr), k + 1)[1];
  const proxy = putAlongAxis(full(arr.shape, 1.0), bottom, 0, -1, { inplace: false });
  const top = topK(proxy, n - k - 1)[1];
  return swapaxes(concatenate([bottom, top], arr.ndim - 1), -1, ax);
}
