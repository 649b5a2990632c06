// jnp.take and jnp.takeAlongAxis, as gathers (jax/_src/numpy/indexing.py).
// Unlike NumPy, out-of-range indices do not raise: the default mode "fill"
// returns NaN (floats), INT_MIN (signed), UINT_MAX (unsigned) or true there.
import { checkOptions } from "../core/options.ts";
import { reshape as laxReshape } from "../lax/api.ts";
import { arrayFromJs, scalarArray } from "../core/convert.ts";
import { isInteger } from "../core/dtypes.ts";
import { IndexError, JaxTypeError, NotImplementedError, ValueError } from "../core/errors.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { broadcastShapes, normalizeAxis, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import * as S from "../lax/shape_ops.ts";
import { full } from "../lax/helpers.ts";
import { type GatherDimensionNumbers, type GatherScatterMode, gatherI, parseMode } from "../lax/indexing.ts";
import { asArray } from "./util.ts";
import { freeTemps } from "../core/array_impl.ts";
import { compiledEager, traceable } from "../transforms/eager_compiled.ts";
import { largeOrDeferred } from "../backend/deferred.ts";

export interface TakeOptions {
  /** "fill" (default), "clip", "wrap"; "raise" is not supported (as in JAX). */
  mode?: "fill" | "clip" | "wrap" | "raise" | null;
  fillValue?: number | boolean | null;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}

/** Index arrays from JS data are int32; anything else must already have an integer dtype. */
export function indexArray(x: ArrayLike, what: string): NDArray {
  if (x instanceof NDArray) {
    if (!isInteger(x.dtype)) throw new JaxTypeError(`${what} must be of integer type, got ${x.dtype} (shape ${shapeStr(x.shape)})`);
    return x;
  }
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw new JaxTypeError(`${what} must be of integer type, got the JS number ${x}`);
    return scalarArray(x, "int32", false);
  }
  const a = arrayFromJs(x, undefined, what);
  if (isInteger(a.dtype)) return a;
  const data = a.hostData() as globalThis.ArrayLike<number>; // a float or bool array here
  if (a.dtype === "bool" || !Array.from(data).every((v) => Number.isInteger(v))) {
    throw new JaxTypeError(`${what} must be of integer type, got ${a.dtype === "bool" ? "bool" : "non-integer"} values`);
  }
  return arrayFromJs(x, "int32", what);
}

const where = (c: NDArray, t: NDArray, f: NDArray): NDArray => bind1(E.selectNP, [c, f, t], {});
const like = (i: NDArray, v: number): NDArray => full(i.shape, v, i.dtype, i.weakType);

/** i < 0 → i + n (not for unsigned indices). */
function wrapNegative(i: NDArray, n: number, temps: NDArray[] = []): NDArray {
  if (i.dtype === "uint32") return i;
  const neg = bind1(E.ltP, [i, like(i, 0)], {});
  const up = bind1(E.addP, [i, like(i, n)], {});
  temps.push(neg, up);
  return where(neg, up, i);
}

/** Floor modulo by n (Python's %), for mode "wrap". */
function floorMod(i: NDArray, n: number): NDArray {
  const r = bind1(E.remP, [i, like(i, n)], {});
  if (i.dtype === "uint32") return r;
  return where(bind1(E.ltP, [r, like(i, 0)], {}), bind1(E.addP, [r, like(i, n)], {}), r);
}

const fillOf = (v: number | boolean | null | undefined): number | null => (v === undefined || v === null ? null : Number(v));

/**
 * jnp.take(a, indices, axis?, {mode, fillValue, ...}), compiled when eager as
 * JAX jits it: the index arithmetic (negative indices wrapped) and the gather
 * run as one program rather than a dispatch per operation.
 */
export function take(a: ArrayLike, indices: ArrayLike, axis?: number | null, opts: TakeOptions = {}): NDArray {
  checkOptions(opts, "take", ["mode", "fillValue", "uniqueIndices", "indicesAreSorted"]);
  return takeCompiled(a, indices, axis ?? null, opts);
}
// Large or deferred indices run as they are: the gather is deferred then, and fuses with what computes and reads it.
const takeCompiled = compiledEager<Parameters<typeof takeBody>, NDArray>(
  takeBody,
  [2, 3],
  (a, indices) => traceable(a, indices) && !largeOrDeferred(indices),
);

function takeBody(a: ArrayLike, indices: ArrayLike, axis?: number | null, opts: TakeOptions = {}): NDArray {
  let x = asArray(a, "take argument a");
  let idx = indexArray(indices, "take indices");
  const [x0, idx0] = [x, idx];
  // Eager intermediates (wrapped indices, the index column) are freed once the gather has run.
  const temps: NDArray[] = [];
  let ax: number;
  if (axis === null || axis === undefined) {
    x = laxReshape(x, [x.size]); // ravel: no copy of a 1-D array
    ax = 0;
  } else {
    ax = normalizeAxis(axis, x.ndim, "take axis");
  }
  const n = x.shape[ax];
  let mode: GatherScatterMode;
  const m = opts.mode ?? "fill";
  if (m === "fill") {
    mode = "fill";
    idx = wrapNegative(idx, n, temps);
  } else if (m === "clip") mode = "clip";
  else if (m === "wrap") {
    mode = "promise_in_bounds";
    idx = n > 0 ? floorMod(idx, n) : idx;
  } else if (m === "raise") throw new NotImplementedError("The 'raise' mode to jnp.take is not supported.");
  else throw new ValueError(`Invalid mode '${String(m)}' for np.take`);

  if (n === 0) {
    if (idx.size !== 0) throw new IndexError("Cannot do a non-empty jnp.take() from an empty axis.");
    return x;
  }
  const outShape = [...x.shape.slice(0, ax), ...idx.shape, ...x.shape.slice(ax + 1)];
  if (idx.size === 0) return full(outShape, 0, x.dtype, x.weakType);
  const k = idx.ndim;
  const dn: GatherDimensionNumbers = {
    offset_dims: [...Array(ax).keys(), ...Array.from({ length: x.ndim - ax - 1 }, (_, i) => ax + k + i)],
    collapsed_slice_dims: [ax],
    start_index_map: [ax],
    operand_batching_dims: [],
    start_indices_batching_dims: [],
  };
  const sizes = x.shape.map((s, d) => (d === ax ? 1 : s));
  const gi = bind1(S.reshapeP, [idx], { new_sizes: [...idx.shape, 1], dimensions: null });
  const r = gatherI(x, gi, dn, sizes, {
    mode,
    fillValue: fillOf(opts.fillValue),
    uniqueIndices: opts.uniqueIndices,
    indicesAreSorted: opts.indicesAreSorted,
  });
  freeTemps(r, [...temps, idx, gi, x], [x0, idx0]);
  return r;
}

export interface TakeAlongAxisOptions {
  /** "fill" (default), "clip" or "promise_in_bounds". */
  mode?: "fill" | "clip" | "promise_in_bounds" | null;
  fillValue?: number | boolean | null;
}

/**
 * jnp.takeAlongAxis(arr, indices, axis = -1): picks values along `axis` at
 * per-position indices; other dims of `indices` broadcast against `arr`.
 */
export function takeAlongAxis(arr: ArrayLike, indices: ArrayLike, axis: number | null = -1, opts: TakeAlongAxisOptions = {}): NDArray {
  checkOptions(opts, "takeAlongAxis", ["mode", "fillValue"]);
  let a = asArray(arr, "take_along_axis argument arr");
  let idx: NDArray;
  try {
    idx = indexArray(indices, "take_along_axis indices");
  } catch (e) {
    if (e instanceof JaxTypeError) throw new JaxTypeError(`take_along_axis indices must be of integer type: ${e.message}`);
    throw e;
  }
  if (axis === null) {
    if (idx.ndim !== 1) throw new ValueError(`take_along_axis indices must be 1D if axis=None, got shape ${shapeStr(idx.shape)}`);
    a = laxReshape(a, [a.size]); // ravel: no copy of a 1-D array
    axis = 0;
  }
  const rank = a.ndim;
  if (rank !== idx.ndim)
    throw new ValueError(`take_along_axis: indices and arr must have the same number of dimensions; ${idx.ndim} vs. ${a.ndim}`);
  const ax = normalizeAxis(axis, rank, "take_along_axis axis");
  const axisSize = a.shape[ax];
  const arrShape = a.shape.map((s, d) => (d === ax ? 1 : s));
  let outShape: number[];
  try {
    outShape = broadcastShapes(idx.shape, arrShape);
  } catch {
    throw new ValueError(
      `take_along_axis: indices of shape ${shapeStr(idx.shape)} do not broadcast against arr of shape ${shapeStr(a.shape)} outside axis ${ax}`,
    );
  }
  if (axisSize === 0) return full(outShape, 0, a.dtype, a.weakType);
  const mode = opts.mode === "promise_in_bounds" ? "promise_in_bounds" : parseMode(opts.mode ?? "fill");
  if (mode !== "promise_in_bounds") idx = wrapNegative(idx, axisSize);
  idx = idx.dtype === "int32" ? idx : bind1(E.convertElementTypeP, [idx], { new_dtype: "int32", weak_type: false });

  // Index dims that are 1 broadcast as offset dims (whole arr axis); dims where
  // arr is 1 are squeezed away; the rest pair up as operand / indices batching dims.
  const indexDims = idx.shape.map((s, i) => i).filter((i) => i === ax || idx.shape[i] !== 1);
  const gi = bind1(S.reshapeP, [idx], { new_sizes: [...indexDims.map((i) => outShape[i]), 1], dimensions: null });
  const sliceSizes: number[] = [],
    offsetDims: number[] = [],
    startIndexMap: number[] = [],
    collapsed: number[] = [];
  const operandBatching: number[] = [],
    indicesBatching: number[] = [],
    squeeze: number[] = [];
  let newI = 0,
    j = 0;
  for (let i = 0; i < rank; i++) {
    if (i === ax) {
      sliceSizes.push(1);
      startIndexMap.push(newI);
      collapsed.push(newI);
      newI++;
      j++;
    } else if (idx.shape[i] === 1) {
      offsetDims.push(i);
      sliceSizes.push(arrShape[i]);
      newI++;
    } else if (arrShape[i] === 1) {
      squeeze.push(i);
      j++;
    } else {
      sliceSizes.push(arrShape[i] === 0 ? 0 : 1);
      operandBatching.push(newI);
      indicesBatching.push(j);
      newI++;
      j++;
    }
  }
  if (squeeze.length) a = bind1(S.squeezeP, [a], { dimensions: squeeze });
  return gatherI(
    a,
    gi,
    {
      offset_dims: offsetDims,
      collapsed_slice_dims: collapsed,
      start_index_map: startIndexMap,
      operand_batching_dims: operandBatching,
      start_indices_batching_dims: indicesBatching,
    },
    sliceSizes,
    { mode, fillValue: fillOf(opts.fillValue) },
  );
}
