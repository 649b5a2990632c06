// NumPy indexing: parsing of index expressions, and the static case (numbers,
// slices, null, "...") via slice / rev / reshape, with `at[...]` updates of a
// box via dynamic_update_slice. Integer and boolean array indices, strided
// updates and out-of-range static updates go through gather/scatter
// (advanced_indexing.ts).
//
// Out of bounds, as JAX: reads clamp (static or array indices), updates drop.
import { ArrayImpl, freeTemps } from "../core/array_impl.ts";
import { describe } from "../core/describe.ts";
import { IndexError, JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, type AtGetOptions, type AtUpdateOptions, type Index, NDArray, Slice } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { bind1, isEager } from "../core/trace.ts";
import { scalarArray, arrayFromJs } from "../core/convert.ts";
import { shapeEqual, shapeStr } from "../core/shape.ts";
import * as S from "../lax/shape_ops.ts";
import { dynamicUpdateSliceP, parseMode } from "../lax/indexing.ts";
import * as E from "../lax/elementwise.ts";
import { isComplex, isInteger } from "../core/dtypes.ts";
import { advancedGet, advancedUpdate, broadcastValue, promoteUpdate } from "./advanced_indexing.ts";
import { getWithDynamicSlice, hasDynamicSlice, updateWithDynamicSlice } from "./dynamic_slice_index.ts";

export function s(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start, stop, step);
}

export type UpdateMode = "set" | "add" | "mul" | "min" | "max";

/** One index after parsing: JS arrays have become NDArrays, types are checked. */
export type ParsedIndex =
  | { kind: "none" }
  | { kind: "ellipsis" }
  | { kind: "slice"; slice: Slice }
  | { kind: "int"; value: number }
  | { kind: "array"; array: NDArray }
  | { kind: "bool"; array: NDArray; position: number };

function badIndexType(dtype: string, extra = ""): JaxTypeError {
  return new JaxTypeError(`Indexer must have integer or boolean type, got indexer with type ${dtype}${extra}`);
}

/** A JS (nested) array index: booleans → mask, integers → int32 indices. */
function parseJsArray(a: unknown[], position: number): ParsedIndex {
  const leaves: unknown[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else leaves.push(v);
  };
  visit(a);
  if (leaves.length > 0 && leaves.every((v) => typeof v === "boolean")) {
    return { kind: "bool", array: arrayFromJs(a, "bool", "boolean index"), position };
  }
  if (leaves.some((v) => v instanceof NDArray)) {
    const arr = arrayFromJs(a, undefined, "index");
    return parseIndex(arr, position);
  }
  for (const v of leaves) {
    if (typeof v === "number" && !Number.isInteger(v))
      throw badIndexType("float32", ` (the JS array ${JSON.stringify(a)} has the non-integer entry ${v})`);
    if (typeof v !== "number" && typeof v !== "boolean")
      throw new IndexError(`Invalid index entry ${describe(v)} in array index ${JSON.stringify(a)}`);
  }
  return { kind: "array", array: arrayFromJs(a, "int32", "index array") };
}

function checkSliceField(v: number | null, name: string, sl: Slice): void {
  if (v !== null && v !== undefined && !Number.isInteger(v)) {
    throw new JaxTypeError(`slice indices must be integers or null, got ${name}=${String(v)} in ${sl.toString()}`);
  }
}

export function parseIndex(i: Index | unknown, position: number): ParsedIndex {
  if (i === null) return { kind: "none" };
  if (i === "...") return { kind: "ellipsis" };
  if (i instanceof Slice) {
    checkSliceField(i.start, "start", i);
    checkSliceField(i.stop, "stop", i);
    checkSliceField(i.step, "step", i);
    if (i.step === 0) throw new ValueError("slice step cannot be zero");
    return { kind: "slice", slice: i };
  }
  if (typeof i === "number") {
    if (!Number.isInteger(i))
      throw badIndexType(
        "float",
        ` (the JS number ${i} at index position ${position}); use an integer, a slice (jnp.s), null, "..." or an integer array`,
      );
    return { kind: "int", value: i };
  }
  if (i instanceof NDArray) {
    if (i.dtype === "bool") return { kind: "bool", array: i, position };
    if (isInteger(i.dtype)) return { kind: "array", array: i };
    throw badIndexType(i.dtype, ` (index position ${position}, shape ${shapeStr(i.shape)})`);
  }
  if (Array.isArray(i)) return parseJsArray(i, position);
  if (typeof i === "string") throw new JaxTypeError(`JAX does not support string indexing; got idx=${JSON.stringify(i)}`);
  throw new IndexError(
    `only integers, slices (jnp.s(...)), ellipsis ("..."), newaxis (null) and integer or boolean arrays are valid indices. Got ${describe(i)} at index position ${position}`,
  );
}

/** Number of array dims an index consumes (the ellipsis counts 0 here). */
function consumed(p: ParsedIndex): number {
  if (p.kind === "none" || p.kind === "ellipsis") return 0;
  if (p.kind === "bool") return p.array.ndim;
  return 1;
}

/** Parse and validate a whole index expression against an array of rank `ndim`. */
export function parseIndices(idx: readonly unknown[], ndim: number): ParsedIndex[] {
  const parsed = idx.map((i, k) => parseIndex(i, k));
  if (parsed.filter((p) => p.kind === "ellipsis").length > 1) throw new IndexError("an index can only have a single ellipsis ('...')");
  const used = parsed.reduce((n, p) => n + consumed(p), 0);
  if (used > ndim) throw new IndexError(`Too many indices: array is ${ndim}-dimensional, but ${used} were indexed`);
  return parsed;
}

/** Replace the ellipsis (or the implicit trailing one) by full slices. */
export function expandEllipsis(parsed: ParsedIndex[], ndim: number): ParsedIndex[] {
  const used = parsed.reduce((n, p) => n + consumed(p), 0);
  const fill = (): ParsedIndex[] => Array.from({ length: ndim - used }, () => ({ kind: "slice", slice: new Slice() }));
  const out: ParsedIndex[] = [];
  let sawEllipsis = false;
  for (const p of parsed) {
    if (p.kind === "ellipsis") {
      out.push(...fill());
      sawEllipsis = true;
    } else out.push(p);
  }
  if (!sawEllipsis) out.push(...fill());
  return out;
}

/** Python's slice.indices(n). */
export function sliceIndices(sl: Slice, n: number): [number, number, number] {
  const step = sl.step ?? 1;
  if (step === 0) throw new ValueError("slice step cannot be zero");
  const norm = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return dflt;
    const r = v < 0 ? v + n : v;
    return Math.min(Math.max(r, lo), hi);
  };
  if (step > 0) return [norm(sl.start, 0, 0, n), norm(sl.stop, n, 0, n), step];
  return [norm(sl.start, n - 1, -1, n - 1), norm(sl.stop, -1, -1, n - 1), step];
}

/** Number of elements a slice selects from an axis of size n. */
export function sliceLength(start: number, stop: number, step: number): number {
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** A static integer index normalised once (negative counts from the end), not clamped. */
export function normalizeInt(i: number, n: number): number {
  return i < 0 ? i + n : i;
}

/** Resolved view of a static index: per input dim (start, limit, step) and the output shape. */
interface StaticPlan {
  starts: number[];
  limits: number[];
  steps: number[];
  /** For each input dim: whether it is indexed by an integer (dropped). */
  dropped: boolean[];
  /** Output shape after slicing, with new axes (null) inserted. */
  outShape: number[];
}

/** Static plan; integers out of range clamp (JAX's reads), or are reported via `outOfRange`. */
function plan(x: NDArray, parsed: ParsedIndex[]): StaticPlan & { outOfRange: boolean } {
  const p: StaticPlan & { outOfRange: boolean } = { starts: [], limits: [], steps: [], dropped: [], outShape: [], outOfRange: false };
  let d = 0;
  for (const i of expandEllipsis(parsed, x.ndim)) {
    if (i.kind === "none") {
      p.outShape.push(1);
      continue;
    }
    const n = x.shape[d];
    if (i.kind === "int") {
      if (n === 0) throw new IndexError(`index is out of bounds for axis ${d} with size 0`);
      const k = normalizeInt(i.value, n);
      if (k < 0 || k >= n) p.outOfRange = true;
      const c = Math.min(Math.max(k, 0), n - 1);
      p.starts.push(c);
      p.limits.push(c + 1);
      p.steps.push(1);
      p.dropped.push(true);
    } else if (i.kind === "slice") {
      const [a, b, st] = sliceIndices(i.slice, n);
      p.starts.push(a);
      p.limits.push(b);
      p.steps.push(st);
      p.dropped.push(false);
      p.outShape.push(sliceLength(a, b, st));
    } else {
      throw new Error(`internal: unexpected ${i.kind} index in a static plan`);
    }
    d++;
  }
  return p;
}

const isArrayIndex = (p: ParsedIndex): boolean => p.kind === "array" || p.kind === "bool";

/**
 * Eager fast path for one element (an in-range integer for every axis of a
 * concrete array): its flat index, or null. Everything else (slices, arrays,
 * clamped or dropped out-of-range indices, tracers) takes the general path.
 */
function elementIndex(x: NDArray, idx: readonly unknown[]): number | null {
  if (!(x instanceof ArrayImpl) || x.ndim === 0 || idx.length !== x.ndim || !isEager([x])) return null;
  let flat = 0;
  for (let d = 0; d < x.ndim; d++) {
    const i = idx[d];
    if (typeof i !== "number" || !Number.isInteger(i)) return null;
    const n = x.shape[d];
    const k = i < 0 ? i + n : i;
    if (k < 0 || k >= n) return null;
    flat = flat * n + k;
  }
  return flat;
}

/** A value `set` can store as it is: a JS number exactly representable in x's dtype, or a 0-d array of that dtype. */
function storableValue(x: ArrayImpl, v: unknown): number | bigint | null {
  if (isComplex(x.dtype)) return null; // two storage slots per element: the general path
  if (v instanceof ArrayImpl) return v.ndim === 0 && v.dtype === x.dtype ? v.readAt(0) : null;
  if (typeof v !== "number") return null;
  switch (x.dtype) {
    case "float32":
    case "float64":
      return v;
    case "int32":
      return Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? v : null;
    case "uint32":
      return Number.isInteger(v) && v >= 0 && v < 2 ** 32 ? v : null;
    default:
      return null; // bool, float16 and int64 have their own conversions: the general path
  }
}

export function getItem(x: NDArray, idx: Index[], opts?: AtGetOptions): NDArray {
  if (hasDynamicSlice(idx)) return getWithDynamicSlice(x, idx, (w, rest) => getItem(w, rest, opts));
  if (opts !== undefined) {
    const o = checkOptions(opts, "at[].get", ["mode", "fillValue", "indicesAreSorted", "uniqueIndices"]);
    // An explicit mode gathers with it (JAX's at[].get(mode="fill", fill_value=...)).
    if (o.mode !== undefined && o.mode !== null)
      return advancedGet(x, parseIndices(idx, x.ndim), { mode: parseMode(o.mode === "drop" ? "fill" : o.mode), fillValue: o.fillValue });
  }
  const flat = elementIndex(x, idx);
  if (flat !== null && isComplex(x.dtype)) {
    const a = x as ArrayImpl;
    return scalarArray({ re: a.readAt(2 * flat) as number, im: a.readAt(2 * flat + 1) as number }, x.dtype, x.weakType);
  }
  if (flat !== null) return scalarArray((x as ArrayImpl).readAt(flat), x.dtype, x.weakType);
  const parsed = parseIndices(idx, x.ndim);
  if (parsed.some(isArrayIndex)) return advancedGet(x, parsed);
  const p = plan(x, parsed);
  let r = x;
  // Positive-step slicing; negative steps slice the touched range then flip.
  const st: number[] = [],
    li: number[] = [],
    sd: number[] = [],
    revDims: number[] = [];
  p.starts.forEach((a, d) => {
    const step = p.steps[d];
    if (step > 0) {
      st.push(a);
      li.push(Math.max(a, p.limits[d]));
      sd.push(step);
      return;
    }
    const len = sliceLength(a, p.limits[d], step);
    const first = a + (len - 1) * step; // smallest index touched
    st.push(len ? first : 0);
    li.push(len ? a + 1 : 0);
    sd.push(-step);
    revDims.push(d);
  });
  const trivial = st.every((a, d) => a === 0 && li[d] === x.shape[d] && sd[d] === 1);
  const temps: NDArray[] = [];
  if (!trivial)
    temps.push((r = bind1(S.sliceP, [r], { start_indices: st, limit_indices: li, strides: sd.every((v) => v === 1) ? null : sd })));
  if (revDims.length) temps.push((r = bind1(S.revP, [r], { dimensions: revDims })));
  const same = p.outShape.length === r.ndim && p.outShape.every((v, i) => v === r.shape[i]);
  if (!same) r = bind1(S.reshapeP, [r], { new_sizes: p.outShape, dimensions: null });
  freeTemps(r, temps, [x]);
  return r;
}

export function updateItem(x: NDArray, idx: Index[], v: ArrayLike, mode: UpdateMode, opts?: AtUpdateOptions): NDArray {
  if (hasDynamicSlice(idx)) return updateWithDynamicSlice(x, idx, v, mode, (w, rest, val, m) => updateItem(w, rest, val, m, opts));
  if (opts !== undefined) {
    const o = checkOptions(opts, `at[].${mode}`, ["mode", "indicesAreSorted", "uniqueIndices"]);
    // "clip" clamps out-of-bounds indices; the other modes drop those updates, as by default.
    if (o.mode !== undefined && o.mode !== null && parseMode(o.mode) === "clip")
      return advancedUpdate(x, parseIndices(idx, x.ndim), v, mode, "clip");
  }
  const flat = mode === "set" ? elementIndex(x, idx) : null;
  const value = flat !== null ? storableValue(x as ArrayImpl, v) : null;
  if (flat !== null && value !== null) return (x as ArrayImpl).withElement(flat, value);
  const parsed = parseIndices(idx, x.ndim);
  const strided = parsed.some((p) => p.kind === "slice" && (p.slice.step ?? 1) !== 1);
  if (parsed.some(isArrayIndex) || strided) return advancedUpdate(x, parsed, v, mode);
  const p = plan(x, parsed);
  // An integer index out of range drops the whole update (scatter's FILL_OR_DROP).
  if (p.outOfRange) return advancedUpdate(x, parsed, v, mode);
  // The region is a box: read it, combine, write it back with dynamic_update_slice.
  const boxShape = p.starts.map((a, d) => Math.max(0, p.limits[d] - a));
  if (boxShape.some((n) => n === 0)) return x; // nothing selected: JAX returns x unchecked
  const { xp, vp, restore } = promoteUpdate(x, v, mode);
  const temps: NDArray[] = [xp, vp];
  let upd = broadcastValue(vp, p.outShape, mode);
  temps.push(upd);
  if (!shapeEqual(upd.shape, boxShape)) temps.push((upd = bind1(S.reshapeP, [upd], { new_sizes: boxShape, dimensions: null })));
  const starts = p.starts.map((a) => scalarArray(a, "int32", false));
  temps.push(...starts);
  if (mode !== "set") {
    const cur = bind1(S.sliceP, [xp], { start_indices: p.starts, limit_indices: p.starts.map((a, d) => a + boxShape[d]), strides: null });
    const prim = mode === "add" ? E.addP : mode === "mul" ? E.mulP : mode === "min" ? E.minP : E.maxP;
    temps.push(cur, (upd = bind1(prim, [cur, upd], {})));
  }
  const updated = bind1(dynamicUpdateSliceP, [xp, upd, ...starts], {});
  const r = restore(updated);
  if (r !== updated) temps.push(updated);
  freeTemps(r, temps, [x, v]);
  return r;
}
