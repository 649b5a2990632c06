// The public lax namespace: thin, checked wrappers over the primitives.
import { canonicalizePrecision, type PrecisionLike } from "./enums.ts";
import { checkOptions } from "../core/options.ts";
import { type DType, isFloat, isInexact, isInteger, parseDType } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import type { Primitive } from "../core/primitive.ts";
import { checkInt, checkIntList } from "../core/scalar_args.ts";
import { normalizeAxis, shapeStr } from "../core/shape.ts";
import { bind, bind1, isEager } from "../core/trace.ts";
import { asOperand, scalarArray, typeOfValue } from "../core/convert.ts";
import * as E from "./elementwise.ts";
import * as S from "./shape_ops.ts";
import * as R from "./reduce.ts";
import { type DotDims, dotGeneralP } from "./dot.ts";
import { stopGradientP } from "./stop_gradient.ts";
import * as tree from "../tree/index.ts";
import { canonicalSortDim, sortP } from "./sort.ts";
import * as C from "./conv.ts";
import * as IX from "./indexing.ts";
import { axesList, checkDotDims, rejectBool } from "./api_args.ts";
import { laxBroadcast } from "./lax_broadcast.ts";
import { reduce as reduceGeneric } from "./reduce_generic.ts";

/** lax operands: JS numbers take the dtype of the array operands (weakly). */
export function operands(name: string, xs: ArrayLike[]): NDArray[] {
  const arr = xs.find((x) => x instanceof NDArray) as NDArray | undefined;
  const shape = arr?.shape ?? [];
  return xs.map((x, i) => {
    if (x instanceof NDArray) return x;
    if (typeof x === "number" && arr) {
      const s = scalarArray(x, arr.dtype, true);
      return shape.length ? bind1(S.broadcastInDimP, [s], { shape: [...shape], broadcast_dimensions: [] }) : s;
    }
    return asOperand(x, `${name} argument ${i}`);
  });
}
function un(p: Primitive) {
  return (x: ArrayLike): NDArray => bind1(p, operands(p.name, [x]), {});
}
/**
 * Elementwise operands as JAX's lax takes them: a fractional JS number beside an
 * integer array is a dtype mismatch, and shapes broadcast (rank 0 or size-1 axes).
 */
function elementwiseOperands(name: string, xs: ArrayLike[]): NDArray[] {
  const arr = xs.find((x) => x instanceof NDArray) as NDArray | undefined;
  const frac = xs.find((x) => typeof x === "number" && !Number.isInteger(x) && Number.isFinite(x));
  if (arr && frac !== undefined && !isFloat(arr.dtype)) {
    const dts = xs.map((x) => (x instanceof NDArray ? x.dtype : typeOfValue(x).dtype));
    throw new JaxTypeError(`lax.${name} requires arguments to have the same dtypes, got ${dts.join(", ")}.`);
  }
  return laxBroadcast(name, operands(name, xs));
}
function bin(p: Primitive) {
  return (x: ArrayLike, y: ArrayLike): NDArray => bind1(p, elementwiseOperands(p.name, [x, y]), {});
}
/** Arithmetic that JAX defines on numbers only: bool operands raise. */
function numUn(p: Primitive) {
  return (x: ArrayLike): NDArray =>
    bind1(
      p,
      operands(p.name, [x]).map((a) => rejectBool(p.name, a)),
      {},
    );
}
function numBin(p: Primitive) {
  return (x: ArrayLike, y: ArrayLike): NDArray =>
    bind1(
      p,
      elementwiseOperands(p.name, [x, y]).map((a) => rejectBool(p.name, a)),
      {},
    );
}

export const add = numBin(E.addP);
export const sub = numBin(E.subP);
export const mul = numBin(E.mulP);
export const div = numBin(E.divP);
export const rem = numBin(E.remP);
/** x ** y; an integer exponent array with a float base is allowed, as JAX's pow. */
export function pow(x: ArrayLike, y: ArrayLike): NDArray {
  let [a, b] = elementwiseOperands("pow", [x, y]);
  if (isFloat(a.dtype) && isInteger(b.dtype)) b = bind1(E.convertElementTypeP, [b], { new_dtype: a.dtype, weak_type: false });
  return bind1(E.powP, [a, b], {});
}
export const max = bin(E.maxP);
export const min = bin(E.minP);
export const atan2 = bin(E.atan2P);
export const nextafter = bin(E.nextafterP);
export const eq = bin(E.eqP);
export const ne = bin(E.neP);
export const lt = bin(E.ltP);
export const le = bin(E.leP);
export const gt = bin(E.gtP);
export const ge = bin(E.geP);
export const bitwiseAnd = bin(E.andP);
export const bitwiseOr = bin(E.orP);
export const bitwiseXor = bin(E.xorP);
export const bitwiseNot = un(E.notP);
export const shiftLeft = bin(E.shiftLeftP);
export const shiftRightLogical = bin(E.shiftRightLogicalP);
export const shiftRightArithmetic = bin(E.shiftRightArithmeticP);
export const neg = numUn(E.negP);
export const exp = un(E.expP);
export const exp2 = un(E.exp2P);
export const log = un(E.logP);
export const log1p = un(E.log1pP);
export const expm1 = un(E.expm1P);
export const tanh = un(E.tanhP);
export const logistic = un(E.logisticP);
export const sin = un(E.sinP);
export const cos = un(E.cosP);
export const tan = un(E.tanP);
export const asin = un(E.asinP);
export const acos = un(E.acosP);
export const atan = un(E.atanP);
export const sinh = un(E.sinhP);
export const cosh = un(E.coshP);
export const asinh = un(E.asinhP);
export const acosh = un(E.acoshP);
export const atanh = un(E.atanhP);
export const erf = un(E.erfP);
export const erfInv = un(E.erfInvP);
export const lgamma = un(E.lgammaP);
export const digamma = un(E.digammaP);
export const sqrt = un(E.sqrtP);
export const rsqrt = un(E.rsqrtP);
export const cbrt = un(E.cbrtP);
export const abs = numUn(E.absP);
export const sign = numUn(E.signP);
export const floor = un(E.floorP);
export const ceil = un(E.ceilP);
// biome-ignore lint/suspicious/noShadowRestrictedNames: lax.is_finite is spelled isFinite in the API
export const isFinite = un(E.isFiniteP);
export const populationCount = un(E.populationCountP);
export const square = (x: ArrayLike): NDArray => bind1(E.integerPowP, operands("square", [x]), { y: 2 });
export const integerPow = (x: ArrayLike, y: number): NDArray => {
  const [a] = operands("integer_pow", [x]);
  if (y < 0 && !isInexact(a.dtype)) {
    throw new JaxTypeError(`Integers cannot be raised to negative powers, got integer_pow(${a.dtype}[${a.shape.join(",")}], ${y})`);
  }
  return bind1(E.integerPowP, [a], { y });
};
/** roundingMethod 0 = away from zero (default, as lax.round), 1 = to nearest even. */
export const round = (x: ArrayLike, roundingMethod: 0 | 1 = 0): NDArray => {
  if (roundingMethod !== 0 && roundingMethod !== 1) {
    throw new ValueError(`round: rounding_method must be 0 (AWAY_FROM_ZERO) or 1 (TO_NEAREST_EVEN), got ${describe(roundingMethod)}`);
  }
  return bind1(E.roundP, operands("round", [x]), { rounding_method: roundingMethod });
};

export function select(pred: ArrayLike, onTrue: ArrayLike, onFalse: ArrayLike): NDArray {
  const [t, f] = operands("select", [onTrue, onFalse]);
  const p = asOperand(pred, "select pred");
  if (p.dtype !== "bool") throw new JaxTypeError(`select pred must be boolean type, got ${p.dtype}.`);
  if (shapeStr(t.shape) !== shapeStr(f.shape)) {
    throw new JaxTypeError(`select cases must have the same shapes, got [${shapeStr(t.shape)}, ${shapeStr(f.shape)}].`);
  }
  if (t.dtype !== f.dtype) throw new JaxTypeError(`select cases must have the same dtypes, got [${t.dtype}, ${f.dtype}].`);
  if (p.ndim !== 0 && shapeStr(p.shape) !== shapeStr(t.shape)) {
    throw new JaxTypeError(
      `select pred must be scalar or have the same shape as cases, got pred shape ${shapeStr(p.shape)} for cases of shape ` +
        `${shapeStr(t.shape)}.`,
    );
  }
  return bind1(E.selectNP, [p, f, t], {});
}

export function selectN(which: ArrayLike, ...cases: ArrayLike[]): NDArray {
  const cs = operands("select_n", cases);
  return bind1(E.selectNP, [asOperand(which, "select_n which"), ...cs], {});
}

export function clamp(lo: ArrayLike, x: ArrayLike, hi: ArrayLike): NDArray {
  const xa = asOperand(x, "clamp operand");
  const cv = (v: ArrayLike, what: string) => (typeof v === "number" ? scalarArray(v, xa.dtype, true) : asOperand(v, `clamp ${what}`));
  return bind1(E.clampP, [cv(lo, "min"), xa, cv(hi, "max")], {});
}

export function convertElementType(x: ArrayLike, newDtype: DType): NDArray {
  const a = asOperand(x, "convert_element_type operand");
  // Not canonicalised: internal float64 steps (random's fused multiply-add) rely on lax keeping float64.
  const dtype = parseDType(newDtype, "convert_element_type new_dtype");
  return bind1(E.convertElementTypeP, [a], { new_dtype: dtype, weak_type: false });
}
export function bitcastConvertType(x: ArrayLike, newDtype: DType): NDArray {
  const dtype = parseDType(newDtype, "bitcast_convert_type new_dtype");
  return bind1(E.bitcastConvertTypeP, [asOperand(x, "bitcast_convert_type operand")], { new_dtype: dtype });
}

export function dotGeneral(
  a: ArrayLike,
  b: ArrayLike,
  dimensionNumbers: DotDims,
  opts: { preferredElementType?: DType; precision?: PrecisionLike } = {},
): NDArray {
  checkOptions(opts, "dotGeneral", ["preferredElementType", "precision"]);
  canonicalizePrecision(opts.precision);
  const [x, y] = operands("dot_general", [a, b]);
  return bind1(dotGeneralP, [x, y], {
    dimension_numbers: checkDotDims(dimensionNumbers),
    precision: null,
    preferred_element_type: opts.preferredElementType ?? null,
  });
}
export function dot(a: ArrayLike, b: ArrayLike, opts: { preferredElementType?: DType; precision?: PrecisionLike } = {}): NDArray {
  checkOptions(opts, "dot", ["preferredElementType", "precision"]);
  const [x, y] = operands("dot", [a, b]);
  return dotGeneral(
    x,
    y,
    [
      [[x.ndim - 1], [0]],
      [[], []],
    ],
    opts,
  );
}

export function broadcastInDim(x: ArrayLike, shape: number[], broadcastDimensions: number[]): NDArray {
  return bind1(S.broadcastInDimP, [asOperand(x, "broadcast_in_dim operand")], { shape, broadcast_dimensions: broadcastDimensions });
}
export function broadcast(x: ArrayLike, sizes: number[]): NDArray {
  const a = asOperand(x);
  return broadcastInDim(
    a,
    [...sizes, ...a.shape],
    a.shape.map((_, i) => sizes.length + i),
  );
}
export function reshape(x: ArrayLike, newSizes: number[], dimensions?: number[] | null): NDArray {
  let a = asOperand(x, "reshape operand");
  // As JAX: a concrete array (rank >= 1) already of that shape comes back as it is, with no copy.
  const sameDims = !dimensions || (Array.isArray(dimensions) && dimensions.length === a.ndim && dimensions.every((d, i) => d === i));
  const same = Array.isArray(newSizes) && newSizes.length === a.ndim && newSizes.every((d, i) => d === a.shape[i]);
  if (same && sameDims && a.ndim > 0 && isEager([a])) return a;
  if (dimensions) a = transpose(a, dimensions);
  return bind1(S.reshapeP, [a], { new_sizes: newSizes, dimensions: null });
}
export function transpose(x: ArrayLike, permutation: number[]): NDArray {
  return bind1(S.transposeP, [asOperand(x, "transpose operand")], { permutation });
}
export function squeeze(x: ArrayLike, dimensions: number[]): NDArray {
  const a = asOperand(x, "squeeze array");
  // Negative dimensions count from the end; the list is sorted (as JAX canonicalizes it).
  const dims = checkIntList(dimensions, "squeeze dimensions")
    .map((d) => normalizeAxis(d, a.ndim, "squeeze dimensions"))
    .sort((p, q) => p - q);
  return bind1(S.squeezeP, [a], { dimensions: dims });
}
export function expandDims(x: ArrayLike, dimensions: number[]): NDArray {
  const a = asOperand(x);
  const nd = a.ndim + dimensions.length;
  const dims = dimensions.map((d) => (d < 0 ? d + nd : d));
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < nd; i++) shape.push(dims.includes(i) ? 1 : a.shape[k++]);
  return bind1(S.reshapeP, [a], { new_sizes: shape, dimensions: null });
}
export function rev(x: ArrayLike, dimensions: number[]): NDArray {
  return bind1(S.revP, [asOperand(x)], { dimensions });
}

function reduceWith(p: Primitive) {
  return (x: ArrayLike, axes: number[]): NDArray =>
    bind1(p, [asOperand(x, `${p.name} operand`)], { axes: axesList(axes, `${p.name} axes`) });
}
export const reduceSum = reduceWith(R.reduceSumP);
export const reduceMax = reduceWith(R.reduceMaxP);
export const reduceMin = reduceWith(R.reduceMinP);
export const reduceProd = reduceWith(R.reduceProdP);
/** reduce_and / reduce_or: logical on bools, bitwise on integers (through lax.reduce). */
function bitReduce(p: Primitive, op: (a: NDArray, b: NDArray) => NDArray, allOnes: boolean) {
  return (x: ArrayLike, axes: number[]): NDArray => {
    const a = asOperand(x, `${p.name} operand`);
    const ax = axesList(axes, `${p.name} axes`);
    if (!isInteger(a.dtype)) return bind1(p, [a], { axes: ax });
    const init = allOnes ? (a.dtype === "uint32" ? 4294967295 : -1) : 0;
    return reduceGeneric(a, scalarArray(init, a.dtype, false), (u: NDArray, v: NDArray) => op(u, v), ax);
  };
}
export const reduceAnd = bitReduce(R.reduceAndP, (u, v) => bind1(E.andP, [u, v], {}), true);
export const reduceOr = bitReduce(R.reduceOrP, (u, v) => bind1(E.orP, [u, v], {}), false);
export function argmax(x: ArrayLike, axis: number, indexDtype: DType = "int32"): NDArray {
  return bind1(R.argmaxP, [asOperand(x)], { axes: [axis], index_dtype: indexDtype });
}
export function argmin(x: ArrayLike, axis: number, indexDtype: DType = "int32"): NDArray {
  return bind1(R.argminP, [asOperand(x)], { axes: [axis], index_dtype: indexDtype });
}

function cumulative(p: Primitive) {
  return (x: ArrayLike, axis = 0, opts: { reverse?: boolean } = {}): NDArray => {
    const a = asOperand(x, `${p.name} operand`);
    const ax = normalizeAxis(axis, a.ndim, `${p.name} axis`);
    return bind1(p, [a], { axis: ax, reverse: opts.reverse ?? false });
  };
}
export const cumsum = cumulative(R.cumsumP);
export const cumprod = cumulative(R.cumprodP);
export const cummax = cumulative(R.cummaxP);
export const cummin = cumulative(R.cumminP);
export const cumlogsumexp = cumulative(R.cumlogsumexpP);

export function slice(x: ArrayLike, startIndices: number[], limitIndices: number[], strides?: number[] | null): NDArray {
  const params = { start_indices: startIndices, limit_indices: limitIndices, strides: strides ?? null };
  return bind1(S.sliceP, [asOperand(x, "slice operand")], params);
}
export function sliceInDim(x: ArrayLike, start: number, limit: number, stride = 1, axis = 0): NDArray {
  const a = asOperand(x);
  const starts = a.shape.map((_, i) => (i === axis ? start : 0));
  const limits = a.shape.map((d, i) => (i === axis ? limit : d));
  return slice(
    a,
    starts,
    limits,
    a.shape.map((_, i) => (i === axis ? stride : 1)),
  );
}
/** Start indices with negative ones counted from the end (JAX's allow_negative_indices=True). */
function wrappedStartIndices(name: string, starts: ArrayLike[] | NDArray, shape: readonly number[]): NDArray[] {
  return startIndexArrays(name, starts).map((i, k) => {
    if (k >= shape.length) return i;
    const d = scalarArray(shape[k], i.dtype, false);
    const zero = scalarArray(0, i.dtype, false);
    const wrapped = bind1(E.addP, [i, d], {});
    return bind1(E.selectNP, [bind1(E.ltP, [i, zero], {}), i, wrapped], {});
  });
}
function startIndexArrays(name: string, starts: ArrayLike[] | NDArray): NDArray[] {
  if (!(starts instanceof NDArray) && !Array.isArray(starts)) {
    throw new JaxTypeError(`${name} start_indices must be a list of integer scalars or a 1-d integer array, got ${describe(starts)}`);
  }
  const list = starts instanceof NDArray ? (starts.ndim === 0 ? [starts] : indexList(starts)) : starts;
  return list.map((s, i) => {
    const what = `${name} start index ${i}`;
    const a = typeof s === "number" ? scalarArray(checkInt(s, what), "int32", false) : asOperand(s, what);
    if (!isInteger(a.dtype)) throw new JaxTypeError(`${name} start indices must be integers, got ${a.dtype}`);
    return a;
  });
}
function indexList(a: NDArray): NDArray[] {
  return Array.from({ length: a.shape[0] }, (_, i) => {
    const row = bind1(S.sliceP, [a], { start_indices: [i], limit_indices: [i + 1], strides: null });
    return bind1(S.reshapeP, [row], { new_sizes: [], dimensions: null });
  });
}
export function dynamicSlice(x: ArrayLike, startIndices: ArrayLike[] | NDArray, sliceSizes: number[]): NDArray {
  const a = asOperand(x, "dynamic_slice operand");
  return bind1(IX.dynamicSliceP, [a, ...wrappedStartIndices("dynamic_slice", startIndices, a.shape)], { slice_sizes: sliceSizes });
}
export function dynamicUpdateSlice(x: ArrayLike, update: ArrayLike, startIndices: ArrayLike[] | NDArray): NDArray {
  const [a, u] = operands("dynamic_update_slice", [x, update]);
  return bind1(IX.dynamicUpdateSliceP, [a, u, ...wrappedStartIndices("dynamic_update_slice", startIndices, a.shape)], {});
}
/** x[..., index, ...] along axis (keepdims keeps a size-1 axis). */
export function dynamicIndexInDim(x: ArrayLike, index: ArrayLike, axis = 0, keepdims = true): NDArray {
  const a = asOperand(x, "dynamic_index_in_dim operand");
  axis = normalizeAxis(axis, a.ndim, "dynamic_index_in_dim axis");
  const starts: ArrayLike[] = a.shape.map((_, i) => (i === axis ? index : 0));
  const sizes = a.shape.map((d, i) => (i === axis ? 1 : d));
  const r = dynamicSlice(a, starts, sizes);
  return keepdims ? r : bind1(S.squeezeP, [r], { dimensions: [axis] });
}
export function dynamicSliceInDim(x: ArrayLike, start: ArrayLike, size: number, axis = 0): NDArray {
  const a = asOperand(x, "dynamic_slice_in_dim operand");
  axis = normalizeAxis(axis, a.ndim, "dynamic_slice_in_dim axis");
  return dynamicSlice(
    a,
    a.shape.map((_, i) => (i === axis ? start : 0)),
    a.shape.map((d, i) => (i === axis ? size : d)),
  );
}
export function dynamicUpdateIndexInDim(x: ArrayLike, update: ArrayLike, index: ArrayLike, axis = 0): NDArray {
  const a = asOperand(x, "dynamic_update_index_in_dim operand");
  axis = normalizeAxis(axis, a.ndim, "dynamic_update_index_in_dim axis");
  let u = asOperand(update, "dynamic_update_index_in_dim update");
  if (u.ndim === a.ndim - 1) u = expandDims(u, [axis]);
  return dynamicUpdateSlice(
    a,
    u,
    a.shape.map((_, i) => (i === axis ? index : 0)),
  );
}

export function concatenate(xs: ArrayLike[], dimension: number): NDArray {
  if (!Array.isArray(xs)) throw new JaxTypeError(`concatenate operands must be a list of arrays, got ${describe(xs)}`);
  return bind1(S.concatenateP, operands("concatenate", xs), { dimension });
}
export function pad(x: ArrayLike, paddingValue: ArrayLike, paddingConfig: number[][]): NDArray {
  const a = asOperand(x, "pad operand");
  const pv = typeof paddingValue === "number" ? scalarArray(paddingValue, a.dtype, false) : asOperand(paddingValue, "pad padding_value");
  return bind1(S.padP, [a, pv], { padding_config: paddingConfig });
}
export function iota(dtype: DType, size: number): NDArray {
  checkInt(size, "iota size", 0);
  return bind1(S.iotaP, [], { dtype: parseDType(dtype, "iota dtype"), shape: [size], dimension: 0 });
}
export function broadcastedIota(dtype: DType, shape: number[], dimension: number): NDArray {
  return bind1(S.iotaP, [], { dtype, shape, dimension });
}

export function stopGradient<T>(x: T): T {
  return tree.map((l: unknown) => {
    const a = l instanceof NDArray ? l : asOperand(l as ArrayLike, "stop_gradient argument");
    return bind1(stopGradientP, [a], {});
  }, x as never) as T;
}

export { typeOfValue };

// ---------- sort ----------
export interface SortOpts {
  dimension?: number;
  isStable?: boolean;
  numKeys?: number;
}
/**
 * lax.sort(operand, {dimension = -1, isStable = true, numKeys = 1}); with a list of
 * operands, sorts by the first numKeys lexicographically and returns the list.
 * The dimension may also be given positionally: lax.sort(x, 0).
 */
export function sort(operand: ArrayLike, opts?: SortOpts | number): NDArray;
export function sort(operand: ArrayLike[], opts?: SortOpts | number): NDArray[];
export function sort(operand: ArrayLike | ArrayLike[], opts: SortOpts | number = {}): NDArray | NDArray[] {
  if (typeof opts !== "number" && (typeof opts !== "object" || opts === null)) {
    throw new JaxTypeError(`sort: expected a dimension or an options object {dimension, isStable, numKeys}, got ${describe(opts)}`);
  }
  const o = typeof opts === "number" ? { dimension: opts } : checkOptions(opts, "sort", ["dimension", "isStable", "numKeys"]);
  const numKeys = o.numKeys ?? 1;
  const isStable = o.isStable ?? true;
  if (Array.isArray(operand) && !(operand.length > 0 && typeof operand[0] === "number")) {
    if (operand.length === 0) throw new JaxTypeError("Sort requires at least one operand");
    const xs = (operand as ArrayLike[]).map((x, i) => asOperand(x, `sort operand ${i}`));
    if (!(numKeys >= 1 && numKeys <= xs.length)) {
      throw new ValueError(`num_keys=${numKeys} must be between 1 and len(operand)=${xs.length}`);
    }
    const dimension = canonicalSortDim(o.dimension ?? -1, xs[0]);
    return bind(sortP, xs, { dimension, is_stable: isStable, num_keys: numKeys });
  }
  if (numKeys !== 1) throw new ValueError(`num_keys=${numKeys} must equal 1 for a single operand.`);
  const x = asOperand(operand as ArrayLike, "sort operand");
  const dimension = canonicalSortDim(o.dimension ?? -1, x);
  return bind(sortP, [x], { dimension, is_stable: isStable, num_keys: 1 })[0];
}
/** Sorts keys along dimension and applies the same permutation to values. */
export function sortKeyVal(keys: ArrayLike, values: ArrayLike, dimension = -1, isStable = true): [NDArray, NDArray] {
  const k = asOperand(keys, "sort_key_val keys");
  const v = asOperand(values, "sort_key_val values");
  const d = canonicalSortDim(dimension, k, "sort_key_val");
  const [sk, sv] = bind(sortP, [k, v], { dimension: d, is_stable: isStable, num_keys: 1 });
  return [sk, sv];
}

// ---------- convolution ----------
/**
 * lax.convGeneralDilated(lhs, rhs, windowStrides, padding ("VALID" | "SAME" | "SAME_LOWER" |
 * [lo, hi][]), {lhsDilation, rhsDilation, dimensionNumbers, featureGroupCount, batchGroupCount,
 * preferredElementType}). dimensionNumbers: null (N, C, spatial... everywhere), strings such as
 * ["NHWC", "HWIO", "NHWC"], or {lhsSpec, rhsSpec, outSpec}.
 */
export function convGeneralDilated(
  lhs: ArrayLike,
  rhs: ArrayLike,
  windowStrides: number[],
  padding: C.PaddingLike,
  opts: C.ConvOpts = {},
): NDArray {
  const [l, r] = operands("conv_general_dilated", [lhs, rhs]);
  return C.convBind(l, r, C.convParams(l, r, windowStrides, padding, opts));
}
/** lax.conv: NCHW / OIHW layout, no dilation. */
export function conv(
  lhs: ArrayLike,
  rhs: ArrayLike,
  windowStrides: number[],
  padding: C.PaddingLike,
  opts: { preferredElementType?: DType | null } = {},
): NDArray {
  return convGeneralDilated(lhs, rhs, windowStrides, padding, opts);
}
export function convWithGeneralPadding(
  lhs: ArrayLike,
  rhs: ArrayLike,
  windowStrides: number[],
  padding: C.PaddingLike,
  lhsDilation: number[] | null,
  rhsDilation: number[] | null,
): NDArray {
  return convGeneralDilated(lhs, rhs, windowStrides, padding, { lhsDilation, rhsDilation });
}
/**
 * lax.convTranspose(lhs, rhs, strides, padding, {rhsDilation, dimensionNumbers, transposeKernel}):
 * a fractionally strided convolution (defaults to TensorFlow's NHWC / HWIO layout, as JAX).
 */
export function convTranspose(
  lhs: ArrayLike,
  rhs: ArrayLike,
  strides: number[],
  padding: C.PaddingLike,
  opts: {
    rhsDilation?: number[] | null;
    dimensionNumbers?: C.ConvDimensionNumbersLike;
    transposeKernel?: boolean;
    preferredElementType?: DType | null;
  } = {},
): NDArray {
  let [l, r] = operands("conv_transpose", [lhs, rhs]);
  const nd = l.ndim;
  const defaults: Record<number, [string, string, string]> = {
    2: ["NC", "IO", "NC"],
    3: ["NHC", "HIO", "NHC"],
    4: ["NHWC", "HWIO", "NHWC"],
    5: ["NHWDC", "HWDIO", "NHWDC"],
  };
  const dnLike = opts.dimensionNumbers ?? defaults[nd];
  if (!dnLike) throw new ValueError("No 4+ dimensional dimension_number defaults.");
  const dn = C.convDimensionNumbers(l.shape, r.shape, dnLike);
  const kSp = dn.rhs_spec.slice(2).map((d) => r.shape[d]);
  const rhsDil = opts.rhsDilation ?? kSp.map(() => 1);
  let pads: C.PaddingLike;
  if (typeof padding === "string") {
    if (padding !== "SAME" && padding !== "VALID") throw new ValueError(`Invalid padding mode: ${padding}`);
    pads = kSp.map((k, i) => C.convTransposePadding(1 + rhsDil[i] * (k - 1), strides[i], padding));
  } else {
    pads = padding;
  }
  if (opts.transposeKernel) {
    r = rev(r, dn.rhs_spec.slice(2));
    const perm = [...Array(r.ndim).keys()];
    [perm[dn.rhs_spec[0]], perm[dn.rhs_spec[1]]] = [perm[dn.rhs_spec[1]], perm[dn.rhs_spec[0]]];
    r = transpose(r, perm);
  }
  return C.convBind(
    l,
    r,
    C.convParams(
      l,
      r,
      kSp.map(() => 1),
      pads,
      {
        lhsDilation: strides,
        rhsDilation: rhsDil,
        dimensionNumbers: dn,
        preferredElementType: opts.preferredElementType,
      },
    ),
  );
}
export const convDimensionNumbers = C.convDimensionNumbers;
export const padtypeToPads = C.padtypeToPads;

// ---------- linear algebra (jax.lax.linalg) ----------
export * as linalg from "./linalg_api.ts";

// ---------- gather / scatter (the indexing family, src/lax/indexing.ts) ----------
export type {
  GatherDimensionNumbersArg as GatherDimensionNumbers,
  GatherScatterMode,
  ScatterDimensionNumbersArg as ScatterDimensionNumbers,
} from "./indexing.ts";
export interface GatherOptions {
  mode?: "clip" | "fill" | "drop" | "promise_in_bounds" | null;
  fillValue?: number | boolean | null;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}
export interface ScatterOptions {
  mode?: "clip" | "fill" | "drop" | "promise_in_bounds" | null;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}

/** lax.gather; mode defaults to "promise_in_bounds" (clamps), "fill" fills with NaN / INT_MIN / UINT_MAX / true unless fillValue says. */
export function gather(
  operand: ArrayLike,
  startIndices: ArrayLike,
  dimensionNumbers: IX.GatherDimensionNumbersArg,
  sliceSizes: number[],
  opts: GatherOptions = {},
): NDArray {
  const x = asOperand(operand, "gather operand");
  const idx = IX.asIndexOperand(startIndices, "gather start_indices");
  const mode = opts.mode === undefined || opts.mode === null ? "promise_in_bounds" : IX.parseMode(opts.mode);
  const fv = opts.fillValue === undefined || opts.fillValue === null ? null : Number(opts.fillValue);
  return IX.gatherI(x, idx, IX.parseGatherDnums(dimensionNumbers), [...checkIntList(sliceSizes, "gather slice_sizes")], {
    mode,
    fillValue: fv,
    uniqueIndices: opts.uniqueIndices,
    indicesAreSorted: opts.indicesAreSorted,
  });
}

function scatterWith(prim: Primitive, name: string) {
  return (
    operand: ArrayLike,
    scatterIndices: ArrayLike,
    updates: ArrayLike,
    dimensionNumbers: IX.ScatterDimensionNumbersArg,
    opts: ScatterOptions = {},
  ): NDArray => {
    const x = asOperand(operand, `${name} operand`);
    const u = typeof updates === "number" ? scalarArray(updates, x.dtype, true) : asOperand(updates, `${name} updates`);
    const idx = IX.asIndexOperand(scatterIndices, `${name} scatter_indices`);
    return IX.scatterI(prim, x, idx, u, IX.parseScatterDnums(dimensionNumbers), {
      mode: IX.parseMode(opts.mode),
      uniqueIndices: opts.uniqueIndices,
      indicesAreSorted: opts.indicesAreSorted,
    });
  };
}
/** lax.scatter (set); mode defaults to "fill" (FILL_OR_DROP: out-of-bounds updates are dropped). */
export const scatter = scatterWith(IX.scatterP, "scatter");
export const scatterAdd = scatterWith(IX.scatterAddP, "scatter_add");
export const scatterMul = scatterWith(IX.scatterMulP, "scatter_mul");
export const scatterMin = scatterWith(IX.scatterMinP, "scatter_min");
export const scatterMax = scatterWith(IX.scatterMaxP, "scatter_max");
