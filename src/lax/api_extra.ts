// More of the public lax namespace: JAX's convenience wrappers (split, tile,
// index_in_dim, full, collapse, stack, ...), built from the primitives as JAX
// builds them, and the small primitives clz, mulhi, reduce_precision (lax.erfc is special_api.ts's).
import { asOperand, scalarArray, typeOfValue } from "../core/convert.ts";
import { type DType, type DTypeLike, canonicalize, isInteger, parseDType } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { IndexError, JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import { checkInt, checkIntList } from "../core/scalar_args.ts";
import { broadcastShapes as npBroadcastShapes, checkShape, normalizeAxis, shapeStr } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import * as tree from "../tree/index.ts";
import {
  broadcastInDim,
  concatenate,
  dotGeneral,
  dynamicUpdateSlice,
  expandDims,
  gather,
  integerPow,
  reshape,
  type ScatterDimensionNumbers,
  type ScatterOptions,
  scatterAdd,
  slice,
  sort,
  gt,
  ge,
  bitwiseAnd,
  transpose,
  cumsum,
  squeeze,
  rem,
  select,
  lt,
  add,
} from "./api.ts";
import * as E from "./elementwise.ts";
import { reducePrecisionP } from "./reduce_precision.ts";
import { topKP } from "./top_k.ts";
import * as S from "./shape_ops.ts";
import { laxBroadcast } from "./lax_broadcast.ts";
import { reduceMaxP, reduceXorP } from "./reduce.ts";
import { reduce as reduceGeneric } from "./reduce_generic.ts";
import * as api from "./api.ts";
import { whileLoop } from "./control/index.ts";
import { ArrayImpl } from "../core/array_impl.ts";
import { checkOptions } from "../core/options.ts";

export const clz = (x: ArrayLike): NDArray => bind1(E.clzP, [asOperand(x, "clz argument")], {});
export function mulhi(x: ArrayLike, y: ArrayLike): NDArray {
  const a = asOperand(x, "mulhi x");
  const b = typeof y === "number" ? scalarArray(y, a.dtype, true) : asOperand(y, "mulhi y");
  return bind1(E.mulhiP, laxBroadcast("mulhi", [a, b]), {});
}
/** reciprocal(x) = x ** -1 (integer_pow). */
export const reciprocal = (x: ArrayLike): NDArray => integerPow(x, -1);

/** reducePrecision(x, exponentBits, mantissaBits): x rounded to a narrower float format. */
export function reducePrecision(x: ArrayLike, exponentBits: number, mantissaBits: number): NDArray {
  const a = asOperand(x, "reduce_precision operand");
  return bind1(reducePrecisionP, [a], {
    exponent_bits: checkInt(exponentBits, "exponent_bits argument of lax.reduce_precision", 1),
    mantissa_bits: checkInt(mantissaBits, "mantissa_bits argument of lax.reduce_precision", 0),
  });
}

/** The dtype of a value (lax.dtype): canonical, as an operand would have it. */
export function dtype(x: ArrayLike | DTypeLike): DType {
  if (typeof x === "string") return canonicalize(parseDType(x));
  return typeOfValue(x as ArrayLike).dtype;
}

/** full(shape, fillValue, dtype?): without dtype, the fill value's dtype and weak type. */
export function full(shape: number[], fillValue: ArrayLike, dtypeArg?: DTypeLike | null): NDArray {
  const s = checkShape(shape, "full shape");
  let v = asOperand(fillValue, "full fill_value");
  if (v.ndim !== 0) throw new JaxTypeError(`full must be called with scalar fill_value, got fill_value.shape ${shapeStr(v.shape)}.`);
  if (dtypeArg !== undefined && dtypeArg !== null) {
    const dt = canonicalize(parseDType(dtypeArg, "full dtype"));
    v = bind1(E.convertElementTypeP, [v], { new_dtype: dt, weak_type: false });
  }
  return broadcastInDim(v, s, []);
}

/** fullLike(x, fillValue, dtype?, shape?): x's shape and dtype (and weak type, without dtype). */
export function fullLike(x: ArrayLike, fillValue: ArrayLike, dtypeArg?: DTypeLike | null, shape?: number[] | null): NDArray {
  const t = typeOfValue(x, "full_like x");
  const xShape = x instanceof NDArray ? x.shape : asOperand(x).shape;
  const s = shape === undefined || shape === null ? [...xShape] : checkShape(shape, "full_like shape");
  const dt = dtypeArg === undefined || dtypeArg === null ? t.dtype : canonicalize(parseDType(dtypeArg, "full_like dtype"));
  const weak = (dtypeArg === undefined || dtypeArg === null) && t.weakType;
  const v = bind1(E.convertElementTypeP, [asOperand(fillValue, "full_like fill_value")], { new_dtype: dt, weak_type: weak });
  return broadcastInDim(v, s, []);
}

/** empty(shape, dtype): an array of that shape (its contents are zeros here). */
export function empty(shape: number[], dtypeArg: DTypeLike): NDArray {
  return full(shape, 0, dtypeArg);
}

/** broadcastShapes(...shapes): NumPy-style broadcasting of shapes, without arrays. */
export function broadcastShapes(...shapes: number[][]): number[] {
  shapes.forEach((s, i) => checkShape(s, `broadcast_shapes shape ${i}`));
  try {
    return npBroadcastShapes(...shapes);
  } catch {
    throw new ValueError(`Incompatible shapes for broadcasting: shapes=[${shapes.map(shapeStr).join(", ")}]`);
  }
}

/** broadcastToRank(x, rank): leading size-1 axes added up to `rank`. */
export function broadcastToRank(x: ArrayLike, rank: number): NDArray {
  const a = asOperand(x, "broadcast_to_rank x");
  checkInt(rank, "broadcast_to_rank rank", 0);
  if (rank < a.ndim) throw new ValueError(`broadcast_to_rank: rank ${rank} is below the rank ${a.ndim} of x`);
  if (rank === a.ndim) return a;
  return reshape(a, [...Array(rank - a.ndim).fill(1), ...a.shape]);
}

/** broadcastLike(arr, likeArr): arr broadcast (NumPy-style) to likeArr's shape. */
export function broadcastLike(arr: ArrayLike, likeArr: ArrayLike): NDArray {
  const a = asOperand(arr, "broadcast_like arr");
  const shape = asOperand(likeArr, "broadcast_like like_arr").shape;
  const nd = shape.length;
  return broadcastInDim(
    a,
    [...shape],
    a.shape.map((_, i) => nd - a.ndim + i),
  );
}

/** collapse(x, start, stop?): axes [start, stop) merged into one. */
export function collapse(x: ArrayLike, startDimension: number, stopDimension?: number | null): NDArray {
  const a = asOperand(x, "collapse operand");
  const n = a.ndim;
  const norm = (d: number, dflt: number) => {
    if (d === undefined || d === null) return dflt;
    checkInt(d, "collapse dimension");
    return Math.max(0, Math.min(n, d < 0 ? d + n : d));
  };
  const lo = norm(startDimension, 0);
  const hi = norm(stopDimension as number, n);
  if (hi < lo) throw new ValueError(`Invalid dimension range passed to collapse: ${shapeStr(a.shape)}[${startDimension}:${stopDimension}]`);
  const size = a.shape.slice(lo, hi).reduce((p, d) => p * d, 1);
  return reshape(a, [...a.shape.slice(0, lo), size, ...a.shape.slice(hi)]);
}

/** split(x, sizes, axis = 0): consecutive pieces of the given sizes along axis. */
export function split(x: ArrayLike, sizes: number[], axis = 0): NDArray[] {
  const a = asOperand(x, "split operand");
  const ax = normalizeAxis(axis, a.ndim, "split axis");
  const ss = checkIntList(sizes, "split sizes");
  if (ss.some((s) => s < 0)) throw new ValueError(`Sizes passed to split must be nonnegative, got ${shapeStr(ss)}`);
  const total = ss.reduce((p, s) => p + s, 0);
  if (total !== a.shape[ax]) {
    throw new ValueError(`Sum of sizes ${total} must be equal to dimension ${ax} of the operand shape ${shapeStr(a.shape)}`);
  }
  let start = 0;
  return ss.map((s) => {
    const lo = a.shape.map((_, i) => (i === ax ? start : 0));
    const hi = a.shape.map((d, i) => (i === ax ? start + s : d));
    start += s;
    return slice(a, lo, hi);
  });
}

/** tile(x, reps): x repeated reps[i] times along axis i (reps has one entry per axis). */
export function tile(x: ArrayLike, reps: number[]): NDArray {
  const a = asOperand(x, "tile operand");
  const r = checkIntList(reps, "tile reps");
  if (r.length !== a.ndim)
    throw new ValueError(`tile: reps must have length equal to operand.ndim, got reps=${shapeStr(r)} for shape ${shapeStr(a.shape)}`);
  if (r.some((k) => k < 0)) throw new ValueError(`tile: reps must be non-negative, got ${shapeStr(r)}`);
  const wide = a.shape.flatMap((d, i) => [r[i], d]);
  const b = broadcastInDim(
    a,
    wide,
    a.shape.map((_, i) => 2 * i + 1),
  );
  return reshape(
    b,
    a.shape.map((d, i) => d * r[i]),
  );
}

/** indexInDim(x, index, axis = 0, keepdims = true): x[..., index, ...] with a static index. */
export function indexInDim(x: ArrayLike, index: number, axis = 0, keepdims = true): NDArray {
  const a = asOperand(x, "index_in_dim operand");
  const ax = normalizeAxis(axis, a.ndim, "index_in_dim axis");
  checkInt(index, "index_in_dim index");
  const size = a.shape[ax];
  const i = index < 0 ? index + size : index;
  if (!(i >= 0 && i < size)) throw new IndexError(`index ${index} is out of bounds for axis ${ax} with size ${size}`);
  const r = slice(
    a,
    a.shape.map((_, k) => (k === ax ? i : 0)),
    a.shape.map((d, k) => (k === ax ? i + 1 : d)),
  );
  return keepdims ? r : squeeze(r, [ax]);
}

/** indexTake(src, idxs, axes): src[idxs[0], idxs[1], ...] along `axes`, indices wrapped modulo the sizes. */
export function indexTake(src: ArrayLike, idxs: ArrayLike[], axes: number[]): NDArray {
  const s = asOperand(src, "index_take src");
  const ax = checkIntList(axes, "index_take axes");
  if (!Array.isArray(idxs) || idxs.length !== ax.length) {
    throw new ValueError(`index_take: expected one index array per axis (${ax.length}), got ${describe(idxs)}`);
  }
  const ix = idxs.map((v, k) => asOperand(v, `index_take idxs[${k}]`));
  const indices = concatenate(
    ix.map((v) => expandDims(v, [1])),
    1,
  );
  const sizes = scalarArrayVector(
    ax.map((a) => s.shape[a]),
    indices.dtype,
  );
  const maxIdx = broadcastInDim(sizes, indices.shape, [indices.ndim - 1]);
  // Python's %: a floor modulo, so negative indices wrap from the end.
  const r = rem(indices, maxIdx);
  const wrapped = select(lt(r, 0), add(r, maxIdx), r);
  const sliceSizes = s.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const offsetDims = Array.from({ length: s.ndim - indices.shape[1] }, (_, i) => i + 1);
  return gather(s, wrapped, { offsetDims, collapsedSliceDims: ax, startIndexMap: ax }, sliceSizes);
}

function scalarArrayVector(values: number[], dt: DType): NDArray {
  return concatenate(
    values.map((v) => reshape(scalarArray(v, dt, false), [1])),
    0,
  );
}

/** dynamicUpdateSliceInDim(x, update, startIndex, axis). */
export function dynamicUpdateSliceInDim(x: ArrayLike, update: ArrayLike, startIndex: ArrayLike, axis: number): NDArray {
  const a = asOperand(x, "dynamic_update_slice_in_dim operand");
  const ax = normalizeAxis(axis, a.ndim, "dynamic_update_slice_in_dim axis");
  return dynamicUpdateSlice(
    a,
    update,
    a.shape.map((_, i) => (i === ax ? startIndex : 0)),
  );
}

/** stack(xs, axis = 0): arrays of one shape stacked along a new axis. */
export function stack(operands: ArrayLike[], axis = 0): NDArray {
  if (!Array.isArray(operands) || operands.length === 0) throw new ValueError("stack requires a non-empty list of arrays");
  const xs = operands.map((o, i) => asOperand(o, `stack operand ${i}`));
  const ax = normalizeAxis(axis, xs[0].ndim + 1, "stack axis");
  return concatenate(
    xs.map((x) => expandDims(x, [ax])),
    ax,
  );
}

/** unstack(x, axis = 0): the slices of x along axis, as a list. */
export function unstack(x: ArrayLike, axis = 0): NDArray[] {
  const a = asOperand(x, "unstack x");
  const ax = normalizeAxis(axis, a.ndim, "unstack axis");
  return Array.from({ length: a.shape[ax] }, (_, i) => indexInDim(a, i, ax, false));
}

/** batchMatmul(lhs, rhs): matmul over the trailing two axes, batched over the leading (equal ranks). */
export function batchMatmul(lhs: ArrayLike, rhs: ArrayLike): NDArray {
  const l = asOperand(lhs, "batch_matmul lhs");
  const r = asOperand(rhs, "batch_matmul rhs");
  if (Math.min(l.ndim, r.ndim) < 2) throw new ValueError(`Arguments to batch_matmul must be at least 2D, got ${l.ndim}, ${r.ndim}`);
  if (l.ndim !== r.ndim) throw new ValueError(`Arguments to batch_matmul must have same ndim, got ${l.ndim}, ${r.ndim}`);
  const batch = Array.from({ length: l.ndim - 2 }, (_, i) => i);
  return dotGeneral(l, r, [
    [[l.ndim - 1], [r.ndim - 2]],
    [batch, batch],
  ]);
}

/** optimizationBarrier(tree): the values unchanged (XLA's scheduling barrier has no meaning here). */
export function optimizationBarrier<T>(operand: T): T {
  return tree.map(
    (l: unknown) => (l instanceof NDArray ? l : asOperand(l as ArrayLike, "optimization_barrier operand")),
    operand as never,
  ) as T;
}

/** scatterSub: scatter-add of the negated updates (the same result bit for bit). */
export function scatterSub(
  operand: ArrayLike,
  scatterIndices: ArrayLike,
  updates: ArrayLike,
  dimensionNumbers: ScatterDimensionNumbers,
  opts: ScatterOptions = {},
): NDArray {
  const x = asOperand(operand, "scatter_sub operand");
  const u = typeof updates === "number" ? scalarArray(updates, x.dtype, true) : asOperand(updates, "scatter_sub updates");
  return scatterAdd(x, scatterIndices, bind1(E.negP, [u], {}), dimensionNumbers, opts);
}

/** topK(x, k, {axis = -1}) → [values, indices]: the k largest along axis, descending. */
export function topK(operand: ArrayLike, k: number, opts: { axis?: number } = {}): [NDArray, NDArray] {
  const o = checkOptions(opts, "top_k", ["axis"]);
  const a = asOperand(operand, "top_k operand");
  if (a.ndim === 0) throw new JaxTypeError("top_k operand must have >= 1 dimension, got ()");
  const axis = normalizeAxis(o.axis ?? -1, a.ndim, "top_k axis");
  const [v, i] = bind(topKP, [a], { k: checkInt(k, "top_k k"), axis });
  return [v, i];
}

/** reduceXor(x, axes): exclusive-or over axes (logical on bools, bitwise on integers). */
export function reduceXor(x: ArrayLike, axes: number[]): NDArray {
  const a = asOperand(x, "reduce_xor operand");
  if (isInteger(a.dtype)) {
    const ax = checkIntList(typeof axes === "number" ? [axes] : axes, "reduce_xor axes");
    return reduceGeneric(a, scalarArray(0, a.dtype, false), (u: NDArray, v: NDArray) => bind1(E.xorP, [u, v], {}), ax);
  }
  return bind1(reduceXorP, [asOperand(x, "reduce_xor operand")], {
    axes: checkIntList(typeof axes === "number" ? [axes] : axes, "reduce_xor axes"),
  });
}

export interface ApproxTopKOptions {
  reductionDimension?: number;
  recallTarget?: number;
  reductionInputSizeOverride?: number;
  aggregateToTopk?: boolean;
}
const APPROX_KEYS = ["reductionDimension", "recallTarget", "reductionInputSizeOverride", "aggregateToTopk"];

/** approxMaxK(x, k, {reductionDimension = -1, ...}) → [values, indices]: computed exactly (any recall target is met). */
export function approxMaxK(operand: ArrayLike, k: number, opts: ApproxTopKOptions = {}): [NDArray, NDArray] {
  const o = checkOptions(opts, "approx_max_k", APPROX_KEYS);
  return topK(operand, k, { axis: o.reductionDimension ?? -1 });
}

/** approxMinK(x, k, {reductionDimension = -1, ...}) → [values, indices], ascending: computed exactly. */
export function approxMinK(operand: ArrayLike, k: number, opts: ApproxTopKOptions = {}): [NDArray, NDArray] {
  const o = checkOptions(opts, "approx_min_k", APPROX_KEYS);
  const a = asOperand(operand, "approx_min_k operand");
  const axis = normalizeAxis(o.reductionDimension ?? -1, a.ndim, "approx_min_k reduction_dimension");
  checkInt(k, "approx_min_k k", 0);
  if (k > a.shape[axis]) throw new ValueError(`approx_min_k: k=${k} is larger than the reduced dimension of size ${a.shape[axis]}`);
  const iota = bind1(S.iotaP, [], { dtype: "int32", shape: [...a.shape], dimension: axis });
  const [v, i] = sort([a, iota], { dimension: axis, numKeys: 1, isStable: true });
  const cut = (x: NDArray) =>
    slice(
      x,
      x.shape.map(() => 0),
      x.shape.map((d, j) => (j === axis ? k : d)),
    );
  return [cut(v), cut(i)];
}

/**
 * scatterApply(operand, scatterIndices, func, dimensionNumbers, {updateShape, mode, ...}):
 * func applied to each scattered element of operand, once per time an index hits it.
 */
export function scatterApply(
  operand: ArrayLike,
  scatterIndices: ArrayLike,
  func: (x: NDArray) => NDArray,
  dimensionNumbers: ScatterDimensionNumbers,
  opts: ScatterOptions & { updateShape?: number[] } = {},
): NDArray {
  const o = checkOptions(opts, "scatter_apply", ["updateShape", "mode", "uniqueIndices", "indicesAreSorted"]);
  const x = asOperand(operand, "scatter_apply operand");
  const { updateShape, ...scatterOpts } = o;
  const ones = full(checkShape(updateShape ?? [], "scatter_apply update_shape"), 1, "int32");
  const counts = scatterAdd(full([...x.shape], 0, "int32"), scatterIndices, ones, dimensionNumbers, scatterOpts);
  const once = (v: NDArray, i: NDArray | number) => select(gt(counts, i), asOperand(func(v), "scatter_apply func result"), v);
  if (counts instanceof ArrayImpl) {
    // Concrete counts: as many applications as the most-hit element needs.
    const most = x.size === 0 ? 0 : Number(bind1(reduceMaxP, [counts], { axes: counts.shape.map((_, i) => i) }).item());
    let v = x;
    for (let i = 0; i < most; i++) v = once(v, i);
    return v;
  }
  const most = bind1(reduceMaxP, [counts], { axes: counts.shape.map((_, i) => i) });
  const [, out] = whileLoop(
    ([i]: [NDArray, NDArray]) => lt(i, most),
    ([i, v]: [NDArray, NDArray]) => [add(i, 1), once(v, i)] as [NDArray, NDArray],
    [scalarArray(0, "int32", false), x] as [NDArray, NDArray],
  );
  return out;
}

/**
 * raggedDot(lhs [m, k], rhs [g, k, n], groupSizes [g]) → [m, n]: consecutive row groups of
 * lhs times their group's matrix; rows past the groups are zero.
 */
export function raggedDot(
  lhs: ArrayLike,
  rhs: ArrayLike,
  groupSizes: ArrayLike,
  opts: { preferredElementType?: DType | null } = {},
): NDArray {
  const o = checkOptions(opts, "ragged_dot", ["preferredElementType", "precision", "groupOffset"]);
  const l = asOperand(lhs, "ragged_dot lhs");
  const r = asOperand(rhs, "ragged_dot rhs");
  const gs = asOperand(groupSizes, "ragged_dot group_sizes");
  if (l.ndim !== 2 || r.ndim !== 3 || gs.ndim !== 1 || r.shape[0] !== gs.shape[0] || l.shape[1] !== r.shape[1]) {
    throw new ValueError(
      `ragged_dot expects lhs [m, k], rhs [g, k, n] and group_sizes [g]; got ${shapeStr(l.shape)}, ${shapeStr(r.shape)}, ${shapeStr(gs.shape)}`,
    );
  }
  const [m] = l.shape;
  const [g, , n] = r.shape;
  // Every group's product [g, m, n], then each row takes its group's (a select, so other groups' inf/NaN stay out).
  const all = dotGeneral(
    r,
    l,
    [
      [[1], [1]],
      [[], []],
    ],
    { preferredElementType: o.preferredElementType ?? undefined },
  );
  const prods = transpose(all, [0, 2, 1]);
  const ends = cumsum(gs.dtype === "int32" ? gs : convertElementTypeTo(gs, "int32"), 0);
  const row = bind1(S.iotaP, [], { dtype: "int32", shape: [m], dimension: 0 });
  let out = full([m, n], 0, prods.dtype);
  for (let j = g - 1; j >= 0; j--) {
    const end = reshape(slice(ends, [j], [j + 1]), []);
    const start = j === 0 ? scalarArray(0, "int32", false) : reshape(slice(ends, [j - 1], [j]), []);
    const inGroup = bitwiseAnd(ge(row, start), lt(row, end));
    const p = reshape(slice(prods, [j, 0, 0], [j + 1, m, n]), [m, n]);
    out = select(broadcastInDim(inGroup, [m, n], [0]), p, out);
  }
  return out;
}
const convertElementTypeTo = (x: NDArray, dt: DType) => bind1(E.convertElementTypeP, [x], { new_dtype: dt, weak_type: false });

/**
 * platformDependent(...args, {default, cpu, ...}): the branch for the platform
 * jaxts runs on ("cpu": the wasm and js backends), else `default`.
 */
export function platformDependent<R>(...argsAndBranches: unknown[]): R {
  const branches = argsAndBranches.at(-1);
  if (typeof branches !== "object" || branches === null || Array.isArray(branches) || branches instanceof NDArray) {
    throw new JaxTypeError("platform_dependent: the last argument must be an object of branches {default, cpu, ...}");
  }
  const table = branches as Record<string, ((...a: unknown[]) => R) | undefined>;
  const f = table.cpu ?? table.default;
  if (typeof f !== "function") {
    throw new ValueError(`platform_dependent: no branch for platform 'cpu' and no default among ${JSON.stringify(Object.keys(table))}`);
  }
  return f(...argsAndBranches.slice(0, -1));
}

/** composite(decomposition, name, version = 0): the decomposition itself (an XLA composite is only a grouping). */
export function composite<F extends (...args: never[]) => unknown>(decomposition: F, name: string, version = 0): F {
  if (typeof decomposition !== "function")
    throw new JaxTypeError(`composite: decomposition must be a function, got ${typeof decomposition}`);
  if (typeof name !== "string") throw new JaxTypeError(`composite: name must be a string, got ${typeof name}`);
  checkInt(version, "composite version", 0);
  return decomposition;
}

/**
 * reduce(operands, initValues, computation, dimensions): operands (a pytree) reduced over
 * `dimensions` with `computation(acc, x)` from initValues; lax.add / mul / max / min and the
 * bitwise ops with their identity as init run as the reduction primitives.
 */
export function reduce<T = NDArray>(
  operands: T,
  initValues: unknown,
  computation: (a: never, b: never) => unknown,
  dimensions: number[],
): T {
  return reduceGeneric(operands, initValues, computation, dimensions, api);
}
