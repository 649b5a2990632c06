// NumPy indexing on static indices (numbers, slices, null, "..."), via slice /
// rev / reshape, and `at[...]` updates via dynamic_update_slice. Integer and
// boolean array indices go through gather/scatter (see advanced_indexing.ts).
import { IndexError, JaxTypeError } from "../core/errors.ts";
import { type ArrayLike, type Index, NDArray, Slice } from "../core/ndarray.ts";
import { bind1 } from "../core/trace.ts";
import { scalarArray } from "../core/convert.ts";
import * as S from "../lax/shape_ops.ts";
import * as E from "../lax/elementwise.ts";
import { full } from "../lax/helpers.ts";
import { asArray, broadcastTo, toType } from "./util.ts";

export function s(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start, stop, step);
}

/** Resolved view of a static index: per input dim (start, size, step) and the output shape plan. */
interface StaticPlan {
  starts: number[];
  limits: number[];
  steps: number[];
  /** For each input dim: whether it is indexed by an integer (dropped). */
  dropped: boolean[];
  /** Output shape after slicing, with new axes (null) inserted. */
  outShape: number[];
}

export const advanced: { get?: (x: NDArray, idx: Index[]) => NDArray; update?: (x: NDArray, idx: Index[], v: NDArray, mode: string) => NDArray } = {};

function isAdvanced(i: Index): boolean {
  return i instanceof NDArray || Array.isArray(i);
}

function expandEllipsis(idx: Index[], ndim: number): Index[] {
  const nEll = idx.filter((i) => i === "...").length;
  if (nEll > 1) throw new IndexError("an index can only have a single ellipsis ('...')");
  let used = 0;
  for (const i of idx) {
    if (i === null || i === "...") continue;
    used += isBoolArray(i) ? boolNdim(i) : 1;
  }
  if (used > ndim) throw new IndexError(`Too many indices: array is ${ndim}-dimensional, but ${used} were indexed`);
  const out: Index[] = [];
  for (const i of idx) {
    if (i === "...") for (let k = 0; k < ndim - used; k++) out.push(new Slice());
    else out.push(i);
  }
  if (nEll === 0) for (let k = used; k < ndim; k++) out.push(new Slice());
  return out;
}
function isBoolArray(i: Index): boolean {
  return (i instanceof NDArray && i.dtype === "bool") || (Array.isArray(i) && i.length > 0 && typeof flatFirst(i) === "boolean");
}
function flatFirst(a: unknown): unknown { let x = a; while (Array.isArray(x)) x = x[0]; return x; }
function boolNdim(i: Index): number { return i instanceof NDArray ? i.ndim : 1; }

function checkIndexType(i: Index): void {
  if (i === null || i === "..." || i instanceof Slice || isAdvanced(i)) return;
  if (typeof i === "number") {
    if (!Number.isInteger(i)) throw new IndexError(`Indexing with a non-integer number ${i} is not allowed; use an integer, a slice (jnp.s), null, "..." or an integer array`);
    return;
  }
  throw new IndexError(`Invalid index ${typeof i === "string" ? JSON.stringify(i) : String(i)}: indices must be integers, slices (jnp.s(...)), null, "..." or integer/boolean arrays`);
}

function plan(x: NDArray, idx: Index[]): StaticPlan {
  const full = expandEllipsis(idx, x.ndim);
  const p: StaticPlan = { starts: [], limits: [], steps: [], dropped: [], outShape: [] };
  let d = 0;
  for (const i of full) {
    if (i === null) { p.outShape.push(1); continue; }
    const n = x.shape[d];
    if (typeof i === "number") {
      const k = i < 0 ? i + n : i;
      if (k < 0 || k >= n) throw new IndexError(`index ${i} is out of bounds for axis ${d} with size ${n}`);
      p.starts.push(k); p.limits.push(k + 1); p.steps.push(1); p.dropped.push(true);
    } else {
      const sl = i as Slice;
      const [a, b, st] = sliceIndices(sl, n);
      const len = Math.max(0, Math.ceil((b - a) / st));
      p.starts.push(a); p.limits.push(b); p.steps.push(st); p.dropped.push(false);
      p.outShape.push(len);
    }
    d++;
  }
  return p;
}

/** Python's slice.indices(n). */
export function sliceIndices(sl: Slice, n: number): [number, number, number] {
  const step = sl.step ?? 1;
  if (step === 0) throw new IndexError("slice step cannot be zero");
  const norm = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    let r = v < 0 ? v + n : v;
    r = Math.min(Math.max(r, lo), hi);
    return r;
  };
  if (step > 0) return [norm(sl.start, 0, 0, n), norm(sl.stop, n, 0, n), step];
  return [norm(sl.start, n - 1, -1, n - 1), norm(sl.stop, -1, -1, n - 1), step];
}

export function getItem(x: NDArray, idx: Index[]): NDArray {
  idx.forEach(checkIndexType);
  if (idx.some(isAdvanced)) {
    if (!advanced.get) throw new IndexError("integer/boolean array indexing is not available");
    return advanced.get(x, idx);
  }
  const p = plan(x, idx);
  let r = x;
  // Positive-step slicing; negative steps slice the reversed range then flip.
  const st: number[] = [], li: number[] = [], sd: number[] = [], revDims: number[] = [];
  p.starts.forEach((a, d) => {
    const step = p.steps[d];
    if (step > 0) { st.push(a); li.push(Math.max(a, p.limits[d])); sd.push(step); return; }
    const len = Math.max(0, Math.ceil((p.limits[d] - a) / step));
    const first = a + (len - 1) * step; // smallest index touched
    st.push(len ? first : 0); li.push(len ? a + 1 : 0); sd.push(-step);
    revDims.push(d);
  });
  const trivial = st.every((a, d) => a === 0 && li[d] === x.shape[d] && sd[d] === 1);
  if (!trivial) r = bind1(S.sliceP, [r], { start_indices: st, limit_indices: li, strides: sd.every((v) => v === 1) ? null : sd });
  if (revDims.length) r = bind1(S.revP, [r], { dimensions: revDims });
  const same = p.outShape.length === r.ndim && p.outShape.every((v, i) => v === r.shape[i]);
  if (!same) r = bind1(S.reshapeP, [r], { new_sizes: p.outShape, dimensions: null });
  return r;
}

export function updateItem(x: NDArray, idx: Index[], v: ArrayLike, mode: "set" | "add" | "mul" | "min" | "max"): NDArray {
  idx.forEach(checkIndexType);
  const val = toType(v, x.dtype, false, `at[].${mode} value`);
  if (idx.some(isAdvanced) || idx.some((i) => i instanceof Slice && (i.step ?? 1) !== 1)) {
    if (!advanced.update) throw new IndexError("at[] updates with array indices or strided slices are not available");
    return advanced.update(x, idx, val, mode);
  }
  const p = plan(x, idx);
  // The region is a box: read it, combine, write it back with dynamic_update_slice.
  const boxShape = p.starts.map((a, d) => Math.max(0, p.limits[d] - a));
  if (boxShape.some((n) => n === 0)) return x;
  const keptShape = boxShape.filter((_, d) => !p.dropped[d]);
  let upd: NDArray;
  try {
    upd = broadcastTo(val, p.outShape.filter((_, k) => true));
  } catch {
    throw new JaxTypeError(`at[].${mode}: value of shape ${JSON.stringify(val.shape)} cannot be broadcast to the indexed shape ${JSON.stringify(p.outShape)}`);
  }
  upd = bind1(S.reshapeP, [upd], { new_sizes: boxShape, dimensions: null });
  void keptShape;
  const starts = p.starts.map((a) => scalarArray(a, "int32", false));
  if (mode !== "set") {
    const cur = bind1(S.sliceP, [x], { start_indices: p.starts, limit_indices: p.starts.map((a, d) => a + boxShape[d]), strides: null });
    const prim = mode === "add" ? E.addP : mode === "mul" ? E.mulP : mode === "min" ? E.minP : E.maxP;
    upd = bind1(prim, [cur, upd], {});
  }
  return bind1(S.dynamicUpdateSliceP, [x, upd, ...starts], {});
}

export { full, asArray };
