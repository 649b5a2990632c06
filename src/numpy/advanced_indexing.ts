// NumPy advanced indexing on top of gather / scatter, as jax.numpy does it
// (jax/_src/numpy/indexing.py: _index_to_gather, _scatter_update):
// - integer array indices broadcast together; scalar integers join them;
// - advanced indices that are adjacent put the broadcast dims in their place,
//   separated ones (by a slice, null or "...") put them first;
// - negative indices wrap once; reads clamp out-of-range indices
//   (promise_in_bounds), updates drop them (FILL_OR_DROP);
// - boolean masks become integer indices (nonzero), so they must be concrete.
import { ArrayImpl } from "../core/array_impl.ts";
import { arrayFromJs, scalarArray } from "../core/convert.ts";
import { isUnsigned } from "../core/dtypes.ts";
import { IndexError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { broadcastShapes, prod, shapeEqual, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import * as S from "../lax/shape_ops.ts";
import { convert, full } from "../lax/helpers.ts";
import {
  dynamicSliceP,
  type GatherDimensionNumbers,
  type GatherScatterMode,
  gatherI,
  gatherToScatterDnums,
  scatterAddP,
  scatterI,
  scatterMaxP,
  scatterMinP,
  scatterMulP,
  scatterP,
} from "../lax/indexing.ts";
import { type ParsedIndex, type UpdateMode, expandEllipsis, normalizeInt, sliceIndices, sliceLength } from "./indexing.ts";
import { broadcastTo, namedResultType, toType } from "./util.ts";

/** JAX's NonConcreteBooleanIndexError: a boolean mask whose values are not known while tracing. */
export class NonConcreteBooleanIndexError extends IndexError {}

// ---------- boolean masks → integer indices ----------

/** Host values of a mask if they are known now (concrete, or a JVP tracer over a concrete value). */
function concreteMask(m: NDArray): globalThis.ArrayLike<number> | null {
  if (m instanceof ArrayImpl) return m.hostData() as globalThis.ArrayLike<number>; // bool
  try {
    return m.dataSync() as globalThis.ArrayLike<number>;
  } catch {
    return null;
  }
}

/** Replace each boolean mask by one int32 index array per masked dim (NumPy's nonzero). */
function expandBoolIndices(x: NDArray, parsed: ParsedIndex[]): ParsedIndex[] {
  const used = parsed.reduce((n, p) => n + (p.kind === "none" || p.kind === "ellipsis" ? 0 : p.kind === "bool" ? p.array.ndim : 1), 0);
  const out: ParsedIndex[] = [];
  let axis = 0;
  for (const p of parsed) {
    if (p.kind === "ellipsis") {
      axis += x.ndim - used;
      out.push(p);
      continue;
    }
    if (p.kind !== "bool") {
      if (p.kind !== "none") axis++;
      out.push(p);
      continue;
    }
    const m = p.array;
    if (m.ndim === 0) {
      throw new IndexError(
        `scalar boolean indices (index position ${p.position}) are not supported; use null to add an axis, or a boolean array`,
      );
    }
    const data = concreteMask(m);
    if (data === null) {
      throw new NonConcreteBooleanIndexError(
        `Array boolean indices must be concrete; got ${m.aval.str()} at index position ${p.position}.\n` +
          "A boolean mask selects a data-dependent number of elements, which is not possible under jit/vmap. " +
          "Use jnp.where(mask, x, 0) (or a mask multiply) instead, or compute the mask outside the transformation.",
      );
    }
    const expected = x.shape.slice(axis, axis + m.ndim);
    if (!shapeEqual(m.shape, expected)) {
      throw new IndexError(
        `boolean index did not match shape of indexed array in index ${p.position}: got ${shapeStr(m.shape)}, expected ${shapeStr(expected)}`,
      );
    }
    for (const c of maskCoordinates(data, m.shape)) out.push({ kind: "array", array: ArrayImpl.fromHost(c, [c.length], "int32", false) });
    axis += m.ndim;
  }
  return out;
}

/** The coordinates of a mask's true elements along each of its dims (NumPy's nonzero), in row-major order. */
function maskCoordinates(data: globalThis.ArrayLike<number>, shape: readonly number[]): Int32Array[] {
  // Branch-free (a random mask mispredicts every other branch): bools are 0 or 1, and each position is written
  // where the count stands, kept only if the element is true (one slot more for the last write).
  const n = data.length;
  let count = 0;
  for (let f = 0; f < n; f++) count += data[f];
  const slots = new Int32Array(count + 1);
  for (let f = 0, k = 0; f < n; f++) {
    slots[k] = f;
    k += data[f];
  }
  const flat = slots.subarray(0, count);
  if (shape.length === 1) return [flat];
  return shape.map((n, d) => {
    const stride = prod(shape.slice(d + 1));
    const c = new Int32Array(count);
    for (let k = 0; k < count; k++) c[k] = ((flat[k] / stride) | 0) % n;
    return c;
  });
}

// ---------- integer index helpers ----------

const int32Scalar = (v: number): NDArray => scalarArray(v, "int32", false);

/** Negative indices count from the end (once); unsigned indices are left alone. Result int32. */
function normalizeArray(i: NDArray, n: number): NDArray {
  let r = i;
  if (!isUnsigned(i.dtype)) {
    const zero = full(i.shape, 0, i.dtype, i.weakType);
    const size = full(i.shape, n, i.dtype, i.weakType);
    const neg = bind1(E.ltP, [i, zero], {});
    r = bind1(E.selectNP, [neg, i, bind1(E.addP, [i, size], {})], {});
  }
  return convert(r, "int32");
}

function broadcastIndexArrays(arrays: NDArray[]): NDArray[] {
  let shape: number[];
  try {
    shape = broadcastShapes(...arrays.map((a) => a.shape));
  } catch {
    throw new IndexError(
      `shape mismatch: indexing arrays could not be broadcast together with shapes ${arrays.map((a) => shapeStr(a.shape)).join(" ")}`,
    );
  }
  return arrays.map((a) => broadcastTo(a, shape));
}

// ---------- the gather plan (JAX's _index_to_gather) ----------

interface GatherPlan {
  /** Shape of x[idx]. */
  sliceShape: number[];
  /** slice_sizes for the gather. */
  gatherSliceShape: number[];
  /** Index array (…, k), or null when nothing is indexed dynamically. */
  gatherIndices: NDArray | null;
  dnums: GatherDimensionNumbers;
  /** Positions of null (new axis) dims in sliceShape: absent from the gather output. */
  newaxisDims: number[];
  /** No advanced indices: gathered windows cannot repeat. */
  unique: boolean;
  sorted: boolean;
}

function planGather(shape: readonly number[], parsedIn: ParsedIndex[]): GatherPlan {
  const isAdv = (p: ParsedIndex) => p.kind === "int" || p.kind === "array";
  const advPositions = parsedIn.map((p, i) => (isAdv(p) ? i : -1)).filter((i) => i >= 0);
  const contiguous = advPositions.every((p, k) => k === 0 || p - advPositions[k - 1] === 1);
  const parsed = expandEllipsis(parsedIn, shape.length);
  const advancedInt = parsed.some((p) => p.kind === "array" && p.array.ndim > 0);

  // Advanced indices (arrays and, with them, integers): value, position, operand axis.
  const advanced: Array<{ arr: NDArray; pos: number; axis: number }> = [];
  if (advancedInt) {
    let axis = 0;
    parsed.forEach((p, pos) => {
      if (p.kind === "none") return;
      if (p.kind === "int") advanced.push({ arr: int32Scalar(normalizeInt(p.value, shape[axis])), pos, axis });
      else if (p.kind === "array") advanced.push({ arr: normalizeArray(p.array, shape[axis]), pos, axis });
      axis++;
    });
  }
  const advancedPos = new Set(advanced.map((a) => a.pos));

  let xAxis = 0,
    yAxis = 0,
    collapsedY = 0;
  const offsetDims: number[] = [],
    collapsed: number[] = [],
    startIndexMap: number[] = [];
  const gatherIndices: Array<[NDArray, number]> = [];
  const giShape: number[] = [];
  const sliceShape: number[] = [],
    newaxisDims: number[] = [],
    gatherSliceShape: number[] = [];
  let sorted = advanced.length === 0;

  parsed.forEach((p, pos) => {
    if (advanced.length && (contiguous ? pos === advanced[0].pos : pos === 0)) {
      const arrs = broadcastIndexArrays(advanced.map((a) => a.arr));
      const bshape = arrs[0].shape;
      const start = giShape.length;
      for (const a of arrs) gatherIndices.push([a, start]);
      giShape.push(...bshape);
      startIndexMap.push(...advanced.map((a) => a.axis));
      collapsed.push(...advanced.map((a) => a.axis));
      sliceShape.push(...bshape);
      yAxis += bshape.length;
      collapsedY += bshape.length;
    }
    if (advancedPos.has(pos)) {
      xAxis++;
      gatherSliceShape.push(1);
      return;
    }
    if (p.kind === "int" || p.kind === "array") {
      // A scalar index outside advanced indexing (0-d array or integer).
      const n = shape[xAxis];
      if (n === 0) throw new IndexError(`index is out of bounds for axis ${xAxis} with size 0`);
      const v = p.kind === "int" ? int32Scalar(normalizeInt(p.value, n)) : normalizeArray(p.array, n);
      gatherIndices.push([v, giShape.length]);
      collapsed.push(xAxis);
      gatherSliceShape.push(1);
      startIndexMap.push(xAxis);
      xAxis++;
    } else if (p.kind === "none") {
      sliceShape.push(1);
      newaxisDims.push(yAxis);
      yAxis++;
    } else if (p.kind === "slice") {
      const n = shape[xAxis];
      const [start, stop, step] = sliceIndices(p.slice, n);
      const size = sliceLength(start, stop, step);
      sliceShape.push(size);
      if (step === 1) {
        if (size !== n) {
          gatherIndices.push([int32Scalar(start), giShape.length]);
          startIndexMap.push(xAxis);
        }
        gatherSliceShape.push(size);
        offsetDims.push(collapsedY);
      } else {
        if (step < 0) sorted = false;
        const positions = Array.from({ length: size }, (_, k) => start + k * step);
        gatherSliceShape.push(1);
        gatherIndices.push([arrayFromJs(positions, "int32", "slice positions"), giShape.length]);
        startIndexMap.push(xAxis);
        giShape.push(size);
        collapsed.push(xAxis);
      }
      collapsedY++;
      yAxis++;
      xAxis++;
    } else {
      throw new Error(`internal: unexpected ${p.kind} index in a gather plan`);
    }
  });

  let gi: NDArray | null = null;
  if (gatherIndices.length === 1) {
    const [g] = gatherIndices[0];
    gi = bind1(S.reshapeP, [g], { new_sizes: [...g.shape, 1], dimensions: null });
  } else if (gatherIndices.length > 1) {
    const target = [...giShape, 1];
    gi = bind1(
      S.concatenateP,
      gatherIndices.map(([g, i]) => bind1(S.broadcastInDimP, [g], { shape: target, broadcast_dimensions: g.shape.map((_, k) => i + k) })),
      { dimension: giShape.length },
    );
  }
  return {
    sliceShape,
    gatherSliceShape,
    gatherIndices: gi,
    newaxisDims,
    dnums: {
      offset_dims: offsetDims,
      collapsed_slice_dims: [...collapsed].sort((a, b) => a - b),
      start_index_map: startIndexMap,
      operand_batching_dims: [],
      start_indices_batching_dims: [],
    },
    unique: advanced.length === 0,
    sorted,
  };
}

// ---------- dynamic_slice for scalar-only dynamic indices (as JAX's _dynamic_slice) ----------

/** x[i, 1:3, ::-1, None] with traced scalar i: dynamic_slice + rev + reshape, as JAX lowers it. */
function dynamicSliceGet(x: NDArray, parsedIn: ParsedIndex[]): NDArray {
  const starts: NDArray[] = [],
    sizes: number[] = [],
    rev: number[] = [],
    squeeze: number[] = [];
  const outShape: number[] = [];
  for (const p of expandEllipsis(parsedIn, x.ndim)) {
    if (p.kind === "none") {
      outShape.push(1);
      continue;
    }
    const axis = starts.length;
    const n = x.shape[axis];
    if (p.kind === "int" || p.kind === "array") {
      if (n === 0) throw new IndexError(`index is out of bounds for axis ${axis} with size 0`);
      starts.push(p.kind === "int" ? int32Scalar(normalizeInt(p.value, n)) : normalizeArray(p.array, n));
      sizes.push(1);
      squeeze.push(axis);
    } else if (p.kind === "slice") {
      const [start, stop, step] = sliceIndices(p.slice, n);
      const size = sliceLength(start, stop, step);
      if (step < 0) {
        starts.push(int32Scalar(size ? start + (size - 1) * step : 0));
        rev.push(axis);
      } else {
        starts.push(int32Scalar(size ? start : 0));
      }
      sizes.push(size);
      outShape.push(size);
    } else {
      throw new Error(`internal: unexpected ${p.kind} index in a dynamic slice`);
    }
  }
  let r = bind1(dynamicSliceP, [x, ...starts], { slice_sizes: sizes });
  if (rev.length) r = bind1(S.revP, [r], { dimensions: rev });
  if (squeeze.length) r = bind1(S.squeezeP, [r], { dimensions: squeeze });
  if (!shapeEqual(r.shape, outShape)) r = bind1(S.reshapeP, [r], { new_sizes: outShape, dimensions: null });
  return r;
}

// ---------- entry points ----------

export interface GetOptions {
  mode?: GatherScatterMode;
  fillValue?: number | null;
}

/** x[idx] with at least one integer/boolean array index. */
export function advancedGet(x: NDArray, parsedIn: ParsedIndex[], opts: GetOptions = {}): NDArray {
  const parsed = expandBoolIndices(x, parsedIn);
  const onlyScalars = !parsed.some((p) => p.kind === "array" && p.array.ndim > 0);
  const unitSteps = parsed.every((p) => p.kind !== "slice" || Math.abs(p.slice.step ?? 1) === 1);
  if (onlyScalars && unitSteps && !opts.mode) return dynamicSliceGet(x, parsed);
  const plan = planGather(x.shape, parsed);
  if (prod(plan.sliceShape) === 0) return full(plan.sliceShape, 0, x.dtype, x.weakType);
  let y = x;
  if (plan.gatherIndices && plan.gatherIndices.size > 0) {
    y = gatherI(x, plan.gatherIndices, plan.dnums, plan.gatherSliceShape, {
      mode: opts.mode ?? "promise_in_bounds",
      fillValue: opts.fillValue,
      uniqueIndices: plan.unique,
      indicesAreSorted: plan.sorted,
    });
  }
  if (!shapeEqual(y.shape, plan.sliceShape)) y = bind1(S.reshapeP, [y], { new_sizes: plan.sliceShape, dimensions: null });
  return y;
}

/** Convert (x, v) to their common type, as JAX's _scatter_update; `restore` casts the result back to x's type. */
export function promoteUpdate(x: NDArray, v: ArrayLike, mode: UpdateMode): { xp: NDArray; vp: NDArray; restore: (r: NDArray) => NDArray } {
  const t = namedResultType(`at[].${mode}`, [x, v]);
  const xp = convert(x, t.dtype, t.weakType);
  const vp = toType(v, t.dtype, t.weakType, `at[].${mode} value`);
  return { xp, vp, restore: (r) => convert(r, x.dtype, x.weakType) };
}

/** Broadcast an update value to the indexed shape (NumPy rules), naming both shapes on failure. */
export function broadcastValue(v: NDArray, shape: number[], mode: UpdateMode): NDArray {
  let ok = v.ndim <= shape.length;
  for (let i = 0; ok && i < v.ndim; i++) {
    const d = v.shape[v.ndim - 1 - i],
      t = shape[shape.length - 1 - i];
    ok = d === 1 || d === t;
  }
  if (!ok) {
    throw new ValueError(
      `at[].${mode}: incompatible shapes for broadcasting: value of shape ${shapeStr(v.shape)} and requested shape ${shapeStr(shape)} (the shape of the indexed region)`,
    );
  }
  return broadcastTo(v, shape);
}

const scatterPrims = { set: scatterP, add: scatterAddP, mul: scatterMulP, min: scatterMinP, max: scatterMaxP };

/** x.at[idx].<mode>(v) via scatter; out-of-range indices are dropped. */
export function advancedUpdate(
  x: NDArray,
  parsedIn: ParsedIndex[],
  v: ArrayLike,
  mode: UpdateMode,
  scatterMode: GatherScatterMode = "fill",
): NDArray {
  const parsed = expandBoolIndices(x, parsedIn);
  const plan = planGather(x.shape, parsed);
  if (prod(plan.sliceShape) === 0) return x; // nothing selected: JAX returns x unchecked
  const { xp, vp, restore } = promoteUpdate(x, v, mode);
  let y = broadcastValue(vp, plan.sliceShape, mode);
  const squeezed = plan.sliceShape.filter((_, d) => !plan.newaxisDims.includes(d));
  if (!shapeEqual(y.shape, squeezed)) y = bind1(S.reshapeP, [y], { new_sizes: squeezed, dimensions: null });
  const indices = plan.gatherIndices ?? full([0], 0, "int32");
  const out = scatterI(scatterPrims[mode], xp, indices, y, gatherToScatterDnums(plan.dnums), {
    mode: scatterMode,
    uniqueIndices: plan.unique,
    indicesAreSorted: plan.sorted,
  });
  return restore(out);
}
