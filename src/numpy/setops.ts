// jnp's set operations: unique (and the array-API unique* forms), isin,
// intersect1d, setdiff1d, setxor1d, union1d. Each takes a static `size`
// (padded with `fillValue`) so it can run under jit, as in JAX.
import { defaultInt, isFloat } from "../core/dtypes.ts";
import { ConcretizationTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { normalizeAxis, shapeStr } from "../core/shape.ts";
import { dynamicUpdateSlice } from "../lax/api.ts";
import { arange, full, zeros } from "./creation.ts";
import { astype, equal, isnan, less, logicalAnd, logicalNot, notEqual, subtract, where } from "./elementwise.ts";
import { all, any, cumsum, max, min, sum } from "./reductions.ts";
import { s as sl } from "./indexing.ts";
import { concatenate, moveaxis, ravel, reshape } from "./shape.ts";
import { lexsort, nonzero, searchsorted } from "./searching.ts";
import { sort } from "./sorting.ts";
import { take } from "./take.ts";
import { asArray, isConcrete, namedResultType, toType } from "./util.ts";

/** Unique-size functions need concrete input without a static size (as JAX's concrete_or_error). */
function requireConcrete(x: NDArray, what: string): void {
  if (!isConcrete(x)) {
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: traced array with shape ${x.dtype}${shapeStr(x.shape)}. ${what} To make it compatible with jit and other transforms, pass a static size argument, which will determine the output size.`,
    );
  }
}

function promote2(name: string, a: ArrayLike, b: ArrayLike): [NDArray, NDArray] {
  const t = namedResultType(name, [a, b]);
  return [toType(a, t.dtype, t.weakType, `${name} argument 0`), toType(b, t.dtype, t.weakType, `${name} argument 1`)];
}

const head = (x: NDArray, n: number): NDArray => x.get(sl(0, n));
const tail = (x: NDArray, n: number): NDArray => x.get(sl(n, null));

/** The slices of `ar` along `axis` sorted lexicographically, a mask of first occurrences, and the permutation. */
function uniqueSortedMask(ar: NDArray, axis: number, equalNan: boolean): [NDArray, NDArray, NDArray] {
  let aux = moveaxis(ar, axis, 0);
  let size = aux.shape[0];
  const rest = aux.shape.slice(1).reduce((p, d) => p * d, 1);
  let perm: NDArray;
  if (rest === 0) {
    size = 1;
    perm = zeros([1], { dtype: defaultInt() });
  } else {
    const cols = reshape(aux, [size, rest]);
    const keys: NDArray[] = [];
    for (let j = rest - 1; j >= 0; j--) keys.push(cols.get(sl(), j));
    perm = lexsort(keys);
  }
  aux = take(aux, perm, 0, { mode: "clip" });
  let mask: NDArray;
  if (aux.size) {
    const a = tail(aux, 1);
    const b = head(aux, -1);
    let neq = notEqual(a, b);
    if (isFloat(aux.dtype) && equalNan) neq = logicalAnd(neq, logicalNot(logicalAnd(isnan(a), isnan(b))));
    const restAxes = [...Array(aux.ndim - 1).keys()].map((i) => i + 1);
    mask = concatenate([full([1], true, { dtype: "bool" }), restAxes.length ? any(neq, restAxes) : neq], 0);
  } else mask = zeros([size], { dtype: "bool" });
  return [aux, mask, perm];
}

interface UniqueInternal {
  returnIndex?: boolean;
  returnInverse?: boolean;
  returnCounts?: boolean;
  equalNan?: boolean;
  size?: number | null;
  fillValue?: ArrayLike | null;
  returnTrueSize?: boolean;
}

function uniqueImpl(ar: NDArray, axis: number, o: UniqueInternal): NDArray[] {
  const size = o.size ?? null;
  const fill = o.fillValue ?? null;
  if (ar.shape[axis] === 0 && size && fill === null) {
    throw new ValueError("jnp.unique: for zero-sized input with nonzero size argument, fill_value must be specified");
  }
  const [aux, mask, perm] = uniqueSortedMask(ar, axis, o.equalNan ?? true);
  const ind = size === null ? nonzero(mask)[0] : nonzero(mask, { size })[0];
  let result = aux.size ? take(aux, ind, 0, { mode: "clip" }) : aux;
  if (size !== null && fill !== null) {
    const fv = astype(fill, result.dtype);
    if (result.shape[0]) {
      const valid = reshape(less(arange(size), sum(mask)), [size, ...result.shape.slice(1).map(() => 1)]);
      result = where(valid, result, fv);
    } else result = full([size, ...result.shape.slice(1)], fv, { dtype: result.dtype });
  }
  const ret = [moveaxis(result, 0, axis)];
  if (o.returnIndex) ret.push(aux.size ? take(perm, ind, 0, { mode: "clip" }) : perm);
  if (o.returnInverse) {
    if (aux.size)
      ret.push(
        zeros(mask.shape, { dtype: defaultInt() })
          .at(perm)
          .set(subtract(cumsum(mask), 1)),
      );
    else ret.push(zeros([ar.shape[axis]], { dtype: defaultInt() }));
  }
  if (o.returnCounts) {
    if (aux.size) {
      let idx: NDArray;
      if (size === null) idx = concatenate([nonzero(mask)[0], full([1], mask.size, { dtype: defaultInt() })], 0);
      else {
        idx = nonzero(mask, { size: size + 1 })[0];
        const t = tail(idx, 1);
        idx = concatenate([head(idx, 1), where(t, t, mask.size)], 0);
      }
      ret.push(subtract(tail(idx, 1), head(idx, -1)));
    } else if (ar.shape[axis]) ret.push(full([1], ar.shape[axis], { dtype: defaultInt() }));
    else ret.push(zeros([0], { dtype: defaultInt() }));
  }
  if (o.returnTrueSize) ret.push(sum(mask));
  return ret;
}

export interface UniqueOpts {
  returnIndex?: boolean;
  returnInverse?: boolean;
  returnCounts?: boolean;
  axis?: number | null;
  equalNan?: boolean;
  /** The static number of unique values returned (pads with fillValue); required under jit. */
  size?: number | null;
  fillValue?: ArrayLike | null;
  sorted?: boolean;
}

/**
 * jnp.unique(ar, {returnIndex, returnInverse, returnCounts, axis, equalNan, size, fillValue}):
 * the sorted unique values, or `[values, index?, inverse?, counts?]` when a return flag is set.
 */
export function unique(ar: ArrayLike, opts?: UniqueOpts & { returnIndex?: false; returnInverse?: false; returnCounts?: false }): NDArray;
export function unique(ar: ArrayLike, opts: UniqueOpts): NDArray | NDArray[];
export function unique(ar: ArrayLike, opts: UniqueOpts = {}): NDArray | NDArray[] {
  checkOptions(opts, "unique", ["returnIndex", "returnInverse", "returnCounts", "axis", "equalNan", "size", "fillValue", "sorted"]);
  let arr = asArray(ar, "unique argument");
  let size: number | null = null;
  if (opts.size === undefined || opts.size === null) requireConcrete(arr, "The error arose for the first argument of jnp.unique().");
  else size = checkInt(opts.size, "unique: size", 0);
  const shape = arr.shape;
  let axis: number;
  if (opts.axis === undefined || opts.axis === null) {
    axis = 0;
    arr = ravel(arr);
  } else axis = normalizeAxis(opts.axis, arr.ndim, "unique axis");
  const r = uniqueImpl(arr, axis, { ...opts, size });
  if (opts.returnInverse && (opts.axis === undefined || opts.axis === null)) {
    const i = opts.returnIndex ? 2 : 1;
    r[i] = reshape(r[i], shape);
  }
  return r.length === 1 ? r[0] : r;
}

export interface UniqueSizeOpts {
  size?: number | null;
  fillValue?: ArrayLike | null;
}

/** A result array that also carries JAX's NamedTuple field names. */
function named<T extends Record<string, NDArray>>(values: NDArray[], fields: T): NDArray[] & T {
  return Object.assign(values, fields);
}

/** jnp.uniqueAll(x, {size, fillValue}) → [values, indices, inverseIndices, counts] (also as fields). */
export function uniqueAll(
  x: ArrayLike,
  opts: UniqueSizeOpts = {},
): NDArray[] & { values: NDArray; indices: NDArray; inverseIndices: NDArray; counts: NDArray } {
  checkOptions(opts, "unique_all", ["size", "fillValue"]);
  const [values, indices, inverseIndices, counts] = unique(x, {
    returnIndex: true,
    returnInverse: true,
    returnCounts: true,
    equalNan: false,
    ...opts,
  }) as NDArray[];
  return named([values, indices, inverseIndices, counts], { values, indices, inverseIndices, counts });
}

/** jnp.uniqueCounts(x, {size, fillValue}) → [values, counts] (also as fields). */
export function uniqueCounts(x: ArrayLike, opts: UniqueSizeOpts = {}): NDArray[] & { values: NDArray; counts: NDArray } {
  checkOptions(opts, "unique_counts", ["size", "fillValue"]);
  const [values, counts] = unique(x, { returnCounts: true, equalNan: false, ...opts }) as NDArray[];
  return named([values, counts], { values, counts });
}

/** jnp.uniqueInverse(x, {size, fillValue}) → [values, inverseIndices] (also as fields). */
export function uniqueInverse(x: ArrayLike, opts: UniqueSizeOpts = {}): NDArray[] & { values: NDArray; inverseIndices: NDArray } {
  checkOptions(opts, "unique_inverse", ["size", "fillValue"]);
  const [values, inverseIndices] = unique(x, { returnInverse: true, equalNan: false, ...opts }) as NDArray[];
  return named([values, inverseIndices], { values, inverseIndices });
}

/** jnp.uniqueValues(x, {size, fillValue}): the sorted unique values (NaNs kept apart). */
export function uniqueValues(x: ArrayLike, opts: UniqueSizeOpts = {}): NDArray {
  checkOptions(opts, "unique_values", ["size", "fillValue"]);
  return unique(x, { equalNan: false, ...opts }) as NDArray;
}

type In1dMethod = "auto" | "compare_all" | "binary_search" | "sort";

function in1d(ar1: ArrayLike, ar2: ArrayLike, invert: boolean, method: In1dMethod, assumeUnique: boolean): NDArray {
  let [a, b] = promote2("in1d", ar1, ar2);
  a = ravel(a);
  b = ravel(b);
  if (a.size === 0 || b.size === 0) return full(a.shape, invert, { dtype: "bool" });
  if (method === "auto" || method === "compare_all") {
    const eq = equal(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
    return invert ? all(logicalNot(eq), -1) : any(eq, -1);
  }
  if (method === "binary_search") {
    const s = sort(b);
    const found = take(s, searchsorted(s, a), 0, { mode: "clip" });
    return invert ? notEqual(a, found) : equal(a, found);
  }
  if (method === "sort") {
    let inv: NDArray | null = null;
    if (!assumeUnique) [a, inv] = unique(a, { size: a.size, returnInverse: true, fillValue: max(b) }) as NDArray[];
    const iota = arange(a.size + b.size);
    const [aux, ind] = sortKeyVal(concatenate([a, b], 0), iota);
    const same = equal(tail(aux, 1), head(aux, -1));
    const flags = invert ? logicalNot(same) : same;
    const out = full(a.shape, invert, { dtype: "bool" }).at(head(ind, -1)).set(flags);
    return inv === null ? out : take(out, inv, 0, { mode: "clip" });
  }
  throw new ValueError(
    `method=${JSON.stringify(method)} is not implemented; options are 'compare_all', 'binary_search', 'sort', and 'auto'`,
  );
}

function sortKeyVal(k: NDArray, v: NDArray): [NDArray, NDArray] {
  const order = lexsort([k]);
  return [take(k, order, 0, { mode: "clip" }), take(v, order, 0, { mode: "clip" })];
}

export interface IsinOpts {
  assumeUnique?: boolean;
  invert?: boolean;
  method?: In1dMethod;
}

/** jnp.isin(element, testElements, {assumeUnique, invert, method}): whether each element occurs in testElements. */
export function isin(element: ArrayLike, testElements: ArrayLike, opts: IsinOpts = {}): NDArray {
  checkOptions(opts, "isin", ["assumeUnique", "invert", "method"]);
  const e = asArray(element, "isin argument element");
  const r = in1d(e, testElements, opts.invert ?? false, opts.method ?? "auto", opts.assumeUnique ?? false);
  return reshape(r, e.shape);
}

export interface SetOpts {
  assumeUnique?: boolean;
  /** The static output length (padded with fillValue); required under jit. */
  size?: number | null;
  fillValue?: ArrayLike | null;
}

const sizeOf = (name: string, size: number | null | undefined): number | null =>
  size === undefined || size === null ? null : checkInt(size, `${name}: size`, 0);

/** Keep the first `count` of vals, then fillValue (or JAX's default: the smallest kept value). */
function padResults(vals: NDArray, count: NDArray, fill: ArrayLike | null | undefined): NDArray {
  const keep = less(arange(vals.shape[0]), count);
  if (fill === undefined || fill === null) {
    const v = where(keep, vals, max(vals));
    return where(keep, v, min(v));
  }
  return where(keep, vals, fill);
}

/** jnp.setdiff1d(ar1, ar2, {assumeUnique, size, fillValue}): the sorted unique values of ar1 not in ar2. */
export function setdiff1d(ar1: ArrayLike, ar2: ArrayLike, opts: SetOpts = {}): NDArray {
  checkOptions(opts, "setdiff1d", ["assumeUnique", "size", "fillValue"]);
  let a = ravel(asArray(ar1, "setdiff1d argument ar1"));
  const b = ravel(asArray(ar2, "setdiff1d argument ar2"));
  const size = sizeOf("setdiff1d", opts.size);
  if (size === null) requireConcrete(a, "The error arose in setdiff1d().");
  const fill = full([], opts.fillValue ?? 0, { dtype: a.dtype });
  if (a.size === 0) return full([size ?? 0], fill, { dtype: a.dtype });
  const assumeUnique = opts.assumeUnique ?? false;
  if (!assumeUnique) a = unique(a, size === null ? {} : { size: size && a.size }) as NDArray;
  let mask = in1d(a, b, true, "auto", assumeUnique);
  if (size === null) return a.get(mask);
  if (!assumeUnique) {
    const nUnique = subtract(a.size + 1, sum(equal(a, a.get(0))));
    mask = logicalAnd(less(arange(a.size), nUnique), mask);
  }
  const picked = take(a, nonzero(mask, { size })[0], 0, { mode: "clip" });
  return where(less(arange(size), sum(mask)), picked, fill);
}

/** jnp.union1d(ar1, ar2, {size, fillValue}): the sorted unique values of both. */
export function union1d(ar1: ArrayLike, ar2: ArrayLike, opts: Omit<SetOpts, "assumeUnique"> = {}): NDArray {
  checkOptions(opts, "union1d", ["size", "fillValue"]);
  const a = asArray(ar1, "union1d argument ar1");
  const b = asArray(ar2, "union1d argument ar2");
  const size = sizeOf("union1d", opts.size);
  if (size === null) [a, b].forEach((x) => requireConcrete(x, "The error arose in union1d()."));
  return unique(concatenate([a, b], null), { size, fillValue: opts.fillValue }) as NDArray;
}

/** Each array's unique values packed together, and how many there are. */
function concatUnique(a: NDArray, b: NDArray, returnIndex: boolean): NDArray[] {
  // JAX pads intersect1d's unique values with 0, setxor1d's with the smallest value.
  const o = { size: 0, returnIndex, returnTrueSize: true, fillValue: returnIndex ? 0 : null };
  const ra = uniqueImpl(a, 0, { ...o, size: a.size });
  const rb = uniqueImpl(b, 0, { ...o, size: b.size });
  const na = ra[ra.length - 1];
  const nb = rb[rb.length - 1];
  let arr = zeros([a.size + b.size], { dtype: namedResultType("", [ra[0], rb[0]]).dtype });
  arr = dynamicUpdateSlice(arr, ra[0], [0]);
  arr = dynamicUpdateSlice(arr, rb[0], [na]);
  return [arr, na, nb, ra[1], rb[1]];
}

/** jnp.setxor1d(ar1, ar2, {assumeUnique, size, fillValue}): the sorted values in exactly one of the two. */
export function setxor1d(ar1: ArrayLike, ar2: ArrayLike, opts: SetOpts = {}): NDArray {
  checkOptions(opts, "setxor1d", ["assumeUnique", "size", "fillValue"]);
  let [a, b] = promote2("setxor1d", ravel(asArray(ar1)), ravel(asArray(ar2)));
  const assumeUnique = opts.assumeUnique ?? false;
  const size = sizeOf("setxor1d", opts.size);
  if (size !== null) {
    let aux: NDArray;
    let flag: NDArray;
    if (assumeUnique) {
      aux = sort(concatenate([a, b], 0));
      const d = notEqual(tail(aux, 1), head(aux, -1));
      flag = concatenate([full([1], aux.size > 0, { dtype: "bool" }), d, full([1], true, { dtype: "bool" })], 0);
    } else {
      const [arr, na, nb] = concatUnique(a, b, false);
      const n = na.add(nb);
      const mask = less(arange(arr.size + 1), n.add(1));
      const notMask = astype(logicalNot(tail(mask, 1)), "int32");
      aux = take(arr, lexsort([arr, notMask]), 0, { mode: "clip" });
      const d = notEqual(tail(aux, 1), head(aux, -1));
      flag = concatenate([full([1], aux.size > 0, { dtype: "bool" }), d, full([1], false, { dtype: "bool" })], 0);
      flag = logicalAnd(mask, flag.at(n).set(true));
    }
    const auxMask = logicalAnd(tail(flag, 1), head(flag, -1));
    const count = sum(auxMask);
    const vals = aux.size
      ? take(aux, nonzero(auxMask, { size, fillValue: aux.size })[0], 0, { mode: "fill", fillValue: 0 })
      : zeros([size], { dtype: aux.dtype });
    return padResults(vals, count, opts.fillValue);
  }
  [a, b].forEach((x) => requireConcrete(x, "The error arose in setxor1d()."));
  if (!assumeUnique) {
    a = unique(a) as NDArray;
    b = unique(b) as NDArray;
  }
  let aux = concatenate([a, b], 0);
  if (aux.size === 0) return aux;
  aux = sort(aux);
  const d = notEqual(tail(aux, 1), head(aux, -1));
  const t = full([1], true, { dtype: "bool" });
  const flag = concatenate([t, d, t], 0);
  return aux.get(logicalAnd(tail(flag, 1), head(flag, -1)));
}

export interface Intersect1dOpts extends SetOpts {
  returnIndices?: boolean;
}

/** jnp.intersect1d(ar1, ar2, {assumeUnique, returnIndices, size, fillValue}): sorted common values (and where they were). */
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts?: Intersect1dOpts & { returnIndices?: false }): NDArray;
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts: Intersect1dOpts & { returnIndices: true }): NDArray[];
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts: Intersect1dOpts): NDArray | NDArray[];
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts: Intersect1dOpts = {}): NDArray | NDArray[] {
  checkOptions(opts, "intersect1d", ["assumeUnique", "returnIndices", "size", "fillValue"]);
  let [a, b] = promote2("intersect1d", ar1, ar2);
  a = ravel(a);
  b = ravel(b);
  const assumeUnique = opts.assumeUnique ?? false;
  const returnIndices = opts.returnIndices ?? false;
  const size = sizeOf("intersect1d", opts.size);
  if (size !== null) return intersectSized(a, b, size, assumeUnique, returnIndices, opts.fillValue);
  [a, b].forEach((x) => requireConcrete(x, "The error arose in intersect1d()."));
  let ind1 = arange(0);
  let ind2 = arange(0);
  if (!assumeUnique) {
    if (returnIndices) {
      [a, ind1] = unique(a, { returnIndex: true }) as NDArray[];
      [b, ind2] = unique(b, { returnIndex: true }) as NDArray[];
    } else {
      a = unique(a) as NDArray;
      b = unique(b) as NDArray;
    }
  }
  const arr = concatenate([a, b], 0);
  const order = lexsort([arr]);
  const aux = take(arr, order, 0, { mode: "clip" });
  const mask = equal(tail(aux, 1), head(aux, -1));
  const out = head(aux, -1).get(mask);
  if (!returnIndices) return out;
  let i1 = head(order, -1).get(mask);
  let i2 = subtract(tail(order, 1).get(mask), a.size);
  if (!assumeUnique) {
    i1 = take(ind1, i1, 0, { mode: "clip" });
    i2 = take(ind2, i2, 0, { mode: "clip" });
  }
  return [out, i1, i2];
}

function intersectSized(
  a: NDArray,
  b: NDArray,
  size: number,
  assumeUnique: boolean,
  returnIndices: boolean,
  fillValue: ArrayLike | null | undefined,
): NDArray | NDArray[] {
  let ind1: NDArray;
  let ind2: NDArray;
  let n1: NDArray;
  let aux: NDArray;
  let sortIdx: NDArray;
  let mask: NDArray;
  if (assumeUnique) {
    ind1 = arange(a.size);
    ind2 = arange(b.size);
    n1 = full([], a.size, { dtype: defaultInt() });
    const arr = concatenate([a, b], 0);
    sortIdx = lexsort([arr]);
    aux = take(arr, sortIdx, 0, { mode: "clip" });
    mask = full([arr.size], true, { dtype: "bool" });
  } else {
    const [arr, na, nb, i1, i2] = concatUnique(a, b, true);
    ind1 = i1;
    ind2 = i2;
    n1 = na;
    mask = less(arange(arr.size), na.add(nb));
    sortIdx = lexsort([arr, astype(logicalNot(mask), "int32")]);
    aux = take(arr, sortIdx, 0, { mode: "clip" });
  }
  const auxMask = logicalAnd(equal(tail(aux, 1), head(aux, -1)), tail(mask, 1));
  const count = sum(auxMask);
  let valIdx: NDArray;
  let vals: NDArray;
  if (aux.size) {
    valIdx = nonzero(auxMask, { size, fillValue: aux.size })[0];
    vals = take(aux, valIdx, 0, { mode: "fill", fillValue: 0 });
  } else {
    valIdx = arange(0);
    vals = zeros([size], { dtype: aux.dtype });
  }
  vals = padResults(vals, count, fillValue);
  if (!returnIndices) return vals;
  const keep = less(arange(size), count);
  let i1 = where(keep, take(sortIdx, valIdx, 0, { mode: "fill", fillValue: a.size }), a.size);
  let i2 = where(keep, subtract(take(sortIdx, valIdx.add(1), 0, { mode: "fill", fillValue: b.size }), n1), b.size);
  if (!assumeUnique) {
    i1 = take(ind1, i1, 0, { mode: "fill", fillValue: ind1.size });
    i2 = take(ind2, i2, 0, { mode: "fill", fillValue: ind2.size });
  }
  return [vals, i1, i2];
}
