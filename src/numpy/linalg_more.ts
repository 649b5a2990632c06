// The rest of jnp.linalg: norm (every ord), vectorNorm, matrixNorm, cond,
// matrixPower, multiDot, tensorsolve, tensorinv and the array-API names
// (cross, outer, diagonal, trace, matmul, tensordot, vecdot, matrixTranspose).
import { type DType, isComplex, isInteger, realDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, Axis, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxes, normalizeAxis } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { diagonal as diag, mT } from "../lax/linalg.ts";
import { reduceMaxP, reduceMinP } from "../lax/reduce.ts";
import { reshapeP, sliceP } from "../lax/shape_ops.ts";
import {
  abs,
  astype,
  divide,
  isnan,
  logicalAnd,
  logicalNot,
  maximum,
  multiply,
  notEqual,
  power,
  sqrt,
  subtract,
  where,
} from "./elementwise.ts";
import { matmul as jmatmul, tensordot as jtensordot } from "./linalg_basic.ts";
import { lastAxisAt, svdvals } from "./linalg_decomp.ts";
import { inexactOrComplex, inv, solve } from "./linalg_solve.ts";
import { conj, real } from "./complex.ts";
import { any, sum } from "./reductions.ts";
import { broadcastTo, concatenate, expandDims, moveaxis, reshape, squeeze } from "./shape.ts";
import { asArray, broadcastShapesNamed, namedResultType, toType } from "./util.ts";

type Ord = number | "fro" | "nuc" | "f" | null;

/** max / min over axes through the lax reductions (an empty axis gives -inf / inf, as `initial` needs). */
function reduceExt(x: NDArray, axes: number[], keepdims: boolean, isMax: boolean): NDArray {
  const r = bind1(isMax ? reduceMaxP : reduceMinP, [x], { axes });
  if (!keepdims) return r;
  return bind1(reshapeP, [r], { new_sizes: x.shape.map((d, i) => (axes.includes(i) ? 1 : d)), dimensions: null });
}
/** amax(x, axes, initial=0). */
const amax0 = (x: NDArray, axes: number[], keepdims: boolean) => maximum(reduceExt(x, axes, keepdims, true), 0);
const amin = (x: NDArray, axes: number[], keepdims: boolean) => reduceExt(x, axes, keepdims, false);

function sumSquares(x: NDArray, axes: Axis, keepdims: boolean): NDArray {
  // |x|^2 as JAX's real(x * conj(x)) for complex x.
  if (isComplex(x.dtype)) return sum(real(multiply(x, conj(x))), axes, { keepdims });
  return sum(multiply(x, x), axes, { keepdims });
}

export interface VectorNormOpts {
  axis?: number | number[] | null;
  keepdims?: boolean;
  ord?: number | null;
}

/** jnp.linalg.vectorNorm(x, {axis, keepdims, ord}): the p-norm over the given axes (all by default). */
export function vectorNorm(x: ArrayLike, opts: VectorNormOpts = {}): NDArray {
  checkOptions(opts, "linalg.vectorNorm", ["axis", "keepdims", "ord"]);
  return vectorNormOf(asArray(x, "vector_norm argument"), opts.ord ?? 2, opts.axis ?? null, opts.keepdims ?? false);
}

function vectorNormOf(a: NDArray, ord: Ord | string, axis: number | number[] | null, keepdims: boolean): NDArray {
  const axes = normalizeAxes(axis, a.ndim, "vector_norm axis");
  if (ord === 2) return sqrt(sumSquares(a, axes, keepdims));
  if (ord === Infinity) return amax0(abs(a), axes, keepdims);
  if (ord === -Infinity) return amin(abs(a), axes, keepdims);
  if (ord === 0) {
    if (isComplex(a.dtype)) return sum(astype(notEqual(a, 0), realDType(a.dtype)), axes, { keepdims });
    if (!(a.dtype === "float32" || a.dtype === "float64" || a.dtype === "float16")) {
      throw new ValueError(`data type <class 'numpy.${a.dtype}'> not inexact`);
    }
    return sum(astype(notEqual(a, 0), a.dtype), axes, { keepdims });
  }
  if (ord === 1) return sum(abs(a), axes, { keepdims });
  if (typeof ord !== "number") {
    let msg = `Invalid order '${String(ord)}' for vector norm.`;
    if (ord === "inf") msg += "Use 'jax.numpy.inf' instead.";
    if (ord === "-inf") msg += "Use '-jax.numpy.inf' instead.";
    throw new ValueError(msg);
  }
  const absX = abs(a);
  // The exponents take x's dtype, as lax._const does (integers truncate).
  const p = isInteger(absX.dtype) ? Math.trunc(ord) : ord;
  const pInv = isInteger(absX.dtype) ? Math.trunc(1 / p) : 1 / p;
  const total = sum(power(absX, toType(p, absX.dtype, false)), axes, { keepdims });
  return power(total, toType(pInv, absX.dtype, false));
}

/** The matrix norm of `ord` over axes [r, c] of a float array. */
function matrixNormOf(a: NDArray, ord: Ord, r: number, c: number, keepdims: boolean): NDArray {
  if (ord === null || ord === "fro" || ord === "f") return sqrt(sumSquares(a, [r, c], keepdims));
  if (ord === 1 || ord === -1) {
    const cc = !keepdims && c > r ? c - 1 : c;
    const colSums = sum(abs(a), r, { keepdims });
    return ord === 1 ? amax0(colSums, [cc], keepdims) : amin(colSums, [cc], keepdims);
  }
  if (ord === Infinity || ord === -Infinity) {
    const rr = !keepdims && r > c ? r - 1 : r;
    const rowSums = sum(abs(a), c, { keepdims });
    return ord === Infinity ? amax0(rowSums, [rr], keepdims) : amin(rowSums, [rr], keepdims);
  }
  if (ord === "nuc" || ord === 2 || ord === -2) {
    const s = svdvals(moveaxis(a, [r, c], [-2, -1]));
    const last = s.ndim - 1;
    const y = ord === 2 ? amax0(s, [last], false) : ord === -2 ? amin(s, [last], false) : sum(s, -1);
    return keepdims ? expandDims(y, [r, c]) : y;
  }
  throw new ValueError(`Invalid order '${String(ord)}' for matrix norm.`);
}

export interface NormOpts {
  ord?: Ord;
  axis?: number | number[] | null;
  keepdims?: boolean;
}

/**
 * jnp.linalg.norm(x, {ord, axis, keepdims}) (also `norm(x, ord, axis, keepdims)`):
 * a vector norm over one axis, a matrix norm over two (ord 'fro', 'nuc', 1, -1,
 * 2, -2, inf, -inf), the 2-norm of the flattened array when neither is given.
 */
export function norm(x: ArrayLike, opts: NormOpts | Ord = {}, axis?: number | number[] | null, keepdims?: boolean): NDArray {
  const o: NormOpts =
    opts !== null && typeof opts === "object"
      ? checkOptions(opts, "linalg.norm", ["ord", "axis", "keepdims"])
      : { ord: opts, axis, keepdims };
  const [a] = inexactOrComplex("norm", x);
  const ord = o.ord ?? null;
  const kd = o.keepdims ?? false;
  let axes: number[];
  if (o.axis === undefined || o.axis === null) {
    if (ord === null) return sqrt(sumSquares(a, null, kd));
    axes = [...Array(a.ndim).keys()];
  } else {
    axes = (Array.isArray(o.axis) ? o.axis : [o.axis]).map((ax) => normalizeAxis(ax, a.ndim, "norm axis"));
  }
  if (new Set(axes).size !== axes.length) throw new ValueError(`norm: duplicate value in axis=(${axes.join(", ")})`);
  if (axes.length === 1) return vectorNormOf(a, ord ?? 2, axes, kd);
  if (axes.length === 2) return matrixNormOf(a, ord, axes[0], axes[1], kd);
  throw new ValueError(
    `Improper number of axes for norm: axis=(${axes.join(", ")}${axes.length === 1 ? "," : ""}). Pass one axis to compute a vector-norm, or two axes to compute a matrix-norm.`,
  );
}

/** jnp.linalg.matrixNorm(x, {ord, keepdims}): the matrix norm over the last two axes ('fro' by default). */
export function matrixNorm(x: ArrayLike, opts: { ord?: Ord; keepdims?: boolean } = {}): NDArray {
  checkOptions(opts, "linalg.matrixNorm", ["ord", "keepdims"]);
  return norm(x, { ord: opts.ord ?? "fro", axis: [-2, -1], keepdims: opts.keepdims ?? false });
}

/** jnp.linalg.cond(x, p): the condition number in the norm p (2 by default; also `{p}`). */
export function cond(x: ArrayLike, p: Ord | { p?: Ord } = null): NDArray {
  const ord = p !== null && typeof p === "object" ? (checkOptions(p, "linalg.cond", ["p"]).p ?? null) : p;
  const [A] = inexactOrComplex("cond", x);
  if (A.ndim < 2) throw new ValueError(`jnp.linalg.cond: input array must be at least 2D; got arr.shape=${pyShape(A.shape)}`);
  if (A.shape[A.ndim - 1] === 0 || A.shape[A.ndim - 2] === 0)
    throw new ValueError(`jnp.linalg.cond: input array must not be empty; got arr.shape=${pyShape(A.shape)}`);
  let r: NDArray;
  if (ord === null || ord === 2) {
    const s = svdvals(A);
    return divide(lastAxisAt(s, 0), lastAxisAt(s, -1));
  }
  if (ord === -2) {
    const s = svdvals(A);
    r = divide(lastAxisAt(s, -1), lastAxisAt(s, 0));
  } else {
    if (A.shape[A.ndim - 1] !== A.shape[A.ndim - 2])
      throw new ValueError(`jnp.linalg.cond: for p=${String(ord)}, array must be square; got arr.shape=${pyShape(A.shape)}`);
    const nd = A.ndim;
    r = multiply(matrixNormOf(A, ord, nd - 2, nd - 1, false), matrixNormOf(inv(A), ord, nd - 2, nd - 1, false));
  }
  return where(logicalAnd(isnan(r), logicalNot(any(isnan(A), [-2, -1]))), Infinity, r);
}

const pyShape = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** jnp.linalg.matrixPower(a, n): a^n by repeated squaring (n < 0 inverts first). */
export function matrixPower(a: ArrayLike, n: number): NDArray {
  let arr = asArray(a, "matrix_power argument");
  if (arr.ndim < 2) throw new JaxTypeError(`${arr.ndim}-dimensional array given. Array must be at least two-dimensional`);
  if (arr.shape[arr.ndim - 2] !== arr.shape[arr.ndim - 1]) throw new JaxTypeError("Last 2 dimensions of the array must be square");
  if (!Number.isInteger(n)) throw new JaxTypeError(`exponent must be an integer, got ${String(n)}`);
  if (n === 0) {
    const m = arr.shape[arr.ndim - 1];
    const eye = bind1(reshapeP, [eyeOf(m, arr.dtype)], { new_sizes: [m, m], dimensions: null });
    return broadcastTo(eye, arr.shape);
  }
  if (n < 0) {
    arr = inv(arr);
    n = -n;
  }
  if (n === 1) return arr;
  if (n === 2) return jmatmul(arr, arr);
  if (n === 3) return jmatmul(jmatmul(arr, arr), arr);
  let z: NDArray | null = null;
  let result: NDArray | null = null;
  while (n > 0) {
    z = z === null ? arr : jmatmul(z, z);
    const bit = n % 2;
    n = Math.floor(n / 2);
    if (bit) result = result === null ? z : jmatmul(result, z);
  }
  return result as NDArray;
}

function eyeOf(m: number, dtype: DType): NDArray {
  const flat = new Array<number>(m * m).fill(0);
  for (let i = 0; i < m; i++) flat[i * m + i] = 1;
  return toType(reshape(flat, [m, m]), dtype, false);
}

/** jnp.linalg.multiDot(arrays): the chained product, multiplied in the cheapest order. */
export function multiDot(arrays: ArrayLike[]): NDArray {
  if (!Array.isArray(arrays)) throw new JaxTypeError("multi_dot: expected a list of arrays");
  const t = namedResultType("multi_dot", arrays);
  const arrs = arrays.map((x, i) => toType(asArray(x, `multi_dot argument ${i}`), t.dtype, t.weakType));
  const shapes = () => `[${arrs.map((a) => pyShape(a.shape)).join(", ")}]`;
  if (arrs.length < 2) throw new ValueError(`multi_dot requires at least two arrays; got len(arrays)=${arrs.length}`);
  const last = arrs.length - 1;
  if (
    !(arrs[0].ndim === 1 || arrs[0].ndim === 2) ||
    !(arrs[last].ndim === 1 || arrs[last].ndim === 2) ||
    arrs.slice(1, -1).some((a) => a.ndim !== 2)
  ) {
    throw new ValueError(
      `multi_dot: input arrays must all be two-dimensional, except for the first and last array which may be 1 or 2 dimensional. Got array shapes ${shapes()}`,
    );
  }
  if (arrs.slice(0, -1).some((a, i) => a.shape[a.ndim - 1] !== arrs[i + 1].shape[0])) {
    throw new ValueError(
      `multi_dot: last dimension of each array must match first dimension of following array. Got array shapes ${shapes()}`,
    );
  }
  const firstVec = arrs[0].ndim === 1;
  const lastVec = arrs[last].ndim === 1;
  const mats = arrs.map((a, i) => (a.ndim === 2 ? a : i === 0 ? expandDims(a, 0) : expandDims(a, 1)));
  // Matrix-chain order: dims[i] x dims[i+1] is the shape of mats[i].
  const dims = [mats[0].shape[0], ...mats.map((a) => a.shape[1])];
  const k = mats.length;
  const cost = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const split = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let len = 1; len < k; len++) {
    for (let i = 0; i + len < k; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let s = i; s < j; s++) {
        const c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = s;
        }
      }
    }
  }
  const chain = (i: number, j: number): NDArray => (i === j ? mats[i] : jmatmul(chain(i, split[i][j]), chain(split[i][j] + 1, j)));
  let out = chain(0, k - 1);
  if (firstVec) out = squeeze(out, 0);
  if (lastVec) out = squeeze(out, -1);
  return out;
}

/** jnp.linalg.tensorsolve(a, b, {axes}): x with tensordot(a, x, x.ndim) = b. */
export function tensorsolve(a: ArrayLike, b: ArrayLike, axes: number[] | null | { axes?: number[] | null } = null): NDArray {
  const ax = axes !== null && !Array.isArray(axes) ? (checkOptions(axes, "linalg.tensorsolve", ["axes"]).axes ?? null) : axes;
  let A = asArray(a, "tensorsolve argument 0");
  const B = asArray(b, "tensorsolve argument 1");
  if (ax !== null)
    A = moveaxis(
      A,
      ax,
      ax.map(() => A.ndim - 1),
    );
  const outShape = A.shape.slice(B.ndim);
  const lead = A.shape.slice(0, B.ndim);
  if (lead.length !== B.ndim || lead.some((d, i) => d !== B.shape[i])) {
    throw new ValueError(
      `After moving axes to end, leading shape of a must match shape of b. got a.shape=${pyShape(A.shape)}, b.shape=${pyShape(B.shape)}`,
    );
  }
  const outSize = outShape.reduce((p, d) => p * d, 1);
  if (B.size !== outSize) {
    throw new ValueError(
      `Input arrays must have prod(a.shape[:b.ndim]) == prod(a.shape[b.ndim:]); got a.shape=${pyShape(A.shape)}, b.ndim=${B.ndim}.`,
    );
  }
  return reshape(solve(reshape(A, [B.size, outSize]), reshape(B, [B.size])), outShape);
}

/** jnp.linalg.tensorinv(a, ind): the inverse with respect to tensordot over the first `ind` axes. */
export function tensorinv(a: ArrayLike, ind: number | { ind?: number } = 2): NDArray {
  const k = typeof ind === "number" ? ind : (checkOptions(ind, "linalg.tensorinv", ["ind"]).ind ?? 2);
  const A = asArray(a, "tensorinv argument");
  if (!Number.isInteger(k)) throw new JaxTypeError(`ind must be an integer, got ${String(k)}`);
  if (k <= 0) throw new ValueError(`ind must be a positive integer; got ind=${k}`);
  const contracting = A.shape.slice(0, k);
  const batch = A.shape.slice(k);
  const rows = contracting.reduce((p, d) => p * d, 1);
  const cols = batch.reduce((p, d) => p * d, 1);
  if (rows !== cols) {
    throw new ValueError(
      `tensorinv is only possible when the product of the first \`ind\` dimensions equals that of the remaining dimensions. got arr.shape=${pyShape(A.shape)} with ind=${k}.`,
    );
  }
  return reshape(inv(reshape(A, [rows, cols])), [...batch, ...contracting]);
}

/** Entry i along `axis` (removed). */
function along(x: NDArray, axis: number, i: number): NDArray {
  const start = x.shape.map((_, d) => (d === axis ? i : 0));
  const limit = x.shape.map((s, d) => (d === axis ? i + 1 : s));
  return squeeze(bind1(sliceP, [x], { start_indices: start, limit_indices: limit, strides: null }), axis);
}

/** jnp.linalg.cross(x1, x2, {axis}): the cross product of 3-vectors along `axis` (broadcast). */
export function cross(x1: ArrayLike, x2: ArrayLike, opts: { axis?: number } = {}): NDArray {
  checkOptions(opts, "linalg.cross", ["axis"]);
  const t = namedResultType("cross", [x1, x2]);
  let a = toType(asArray(x1, "cross argument 0"), t.dtype, t.weakType);
  let b = toType(asArray(x2, "cross argument 1"), t.dtype, t.weakType);
  const axis = opts.axis ?? -1;
  const da = a.shape[normalizeAxis(axis, a.ndim, "cross axis")];
  const db = b.shape[normalizeAxis(axis, b.ndim, "cross axis")];
  if (da !== 3 || db !== 3) {
    throw new ValueError(
      `Both input arrays must be (arrays of) 3-dimensional vectors, but they have x1.shape[axis]=${da} and x2.shape[axis]=${db}`,
    );
  }
  a = moveaxis(a, axis, -1);
  b = moveaxis(b, axis, -1);
  const shape = [...broadcastShapesNamed("cross", [a.shape.slice(0, -1), b.shape.slice(0, -1)]), 3];
  a = broadcastTo(a, shape);
  b = broadcastTo(b, shape);
  const l = shape.length - 1;
  const [a0, a1, a2] = [0, 1, 2].map((i) => along(a, l, i));
  const [b0, b1, b2] = [0, 1, 2].map((i) => along(b, l, i));
  const c = [
    subtract(multiply(a1, b2), multiply(a2, b1)),
    subtract(multiply(a2, b0), multiply(a0, b2)),
    subtract(multiply(a0, b1), multiply(a1, b0)),
  ];
  const stacked = moveaxis(jstack(c.map((v) => expandDims(v, -1))), -1, normalizeAxis(axis, shape.length, "cross axis"));
  return stacked;
}

const jstack = (xs: NDArray[]) => concatenate(xs, -1);

/** jnp.linalg.outer(x1, x2): the outer product of two 1-D arrays. */
export function outer(x1: ArrayLike, x2: ArrayLike): NDArray {
  const a = asArray(x1, "outer argument 0");
  const b = asArray(x2, "outer argument 1");
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new ValueError(`Input arrays must be one-dimensional, but they are x1.ndim=${a.ndim} x2.ndim=${b.ndim}`);
  return multiply(expandDims(a, 1), expandDims(b, 0));
}

/** jnp.linalg.diagonal(x, {offset}): the diagonals of the matrices in the last two axes. */
export function diagonal(x: ArrayLike, opts: { offset?: number } = {}): NDArray {
  checkOptions(opts, "linalg.diagonal", ["offset"]);
  const a = asArray(x, "diagonal argument");
  if (a.ndim < 2) throw new ValueError(`diagonal requires an array of at least two dimensions, got shape ${pyShape(a.shape)}`);
  const k = opts.offset ?? 0;
  if (!Number.isInteger(k)) throw new JaxTypeError(`diagonal offset must be an integer, got ${String(k)}`);
  const [m, n] = a.shape.slice(-2);
  const r0 = Math.max(0, -k);
  const c0 = Math.max(0, k);
  const len = Math.max(0, Math.min(m - r0, n - c0));
  const nd = a.ndim;
  const start = a.shape.map((_, i) => (i === nd - 2 ? Math.min(r0, m) : i === nd - 1 ? Math.min(c0, n) : 0));
  const limit = a.shape.map((s, i) => (i === nd - 2 ? Math.min(r0, m) + len : i === nd - 1 ? Math.min(c0, n) + len : s));
  return diag(bind1(sliceP, [a], { start_indices: start, limit_indices: limit, strides: null }), len);
}

/** jnp.linalg.trace(x, {offset, dtype}): sums of the diagonals in the last two axes. */
export function trace(x: ArrayLike, opts: { offset?: number; dtype?: DType | null } = {}): NDArray {
  checkOptions(opts, "linalg.trace", ["offset", "dtype"]);
  let d = diagonal(x, { offset: opts.offset ?? 0 });
  if (opts.dtype) d = astype(d, opts.dtype);
  return sum(d, -1);
}

/** jnp.linalg.matmul(x1, x2): jnp.matmul (precision is accepted and ignored). */
export function matmul(x1: ArrayLike, x2: ArrayLike, opts: { precision?: unknown; preferredElementType?: DType | null } = {}): NDArray {
  checkOptions(opts, "linalg.matmul", ["precision", "preferredElementType"]);
  const out = jmatmul(x1, x2);
  return opts.preferredElementType ? astype(out, opts.preferredElementType) : out;
}

/** jnp.linalg.tensordot(x1, x2, {axes}): jnp.tensordot with axes (2 by default) in the options. */
export function tensordot(
  x1: ArrayLike,
  x2: ArrayLike,
  opts: { axes?: number | [number[] | number, number[] | number]; precision?: unknown; preferredElementType?: DType | null } = {},
): NDArray {
  checkOptions(opts, "linalg.tensordot", ["axes", "precision", "preferredElementType"]);
  const out = jtensordot(x1, x2, opts.axes ?? 2);
  return opts.preferredElementType ? astype(out, opts.preferredElementType) : out;
}

/** jnp.linalg.vecdot(x1, x2, {axis}): the dot product along `axis`, broadcasting the rest. */
export function vecdot(
  x1: ArrayLike,
  x2: ArrayLike,
  opts: { axis?: number; precision?: unknown; preferredElementType?: DType | null } = {},
): NDArray {
  checkOptions(opts, "linalg.vecdot", ["axis", "precision", "preferredElementType"]);
  const t = namedResultType("vecdot", [x1, x2]);
  let a = toType(asArray(x1, "vecdot argument 0"), t.dtype, t.weakType);
  let b = toType(asArray(x2, "vecdot argument 1"), t.dtype, t.weakType);
  const axis = opts.axis ?? -1;
  const na = a.shape[normalizeAxis(axis, a.ndim, "vecdot axis")];
  const nb = b.shape[normalizeAxis(axis, b.ndim, "vecdot axis")];
  if (na !== nb) throw new ValueError(`axes must match; got x1.shape=${pyShape(a.shape)} x2.shape=${pyShape(b.shape)} axis=${axis}`);
  a = expandDims(moveaxis(a, axis, -1), -2);
  b = expandDims(moveaxis(b, axis, -1), -1);
  const out = squeeze(jmatmul(a, b), [-2, -1]);
  return opts.preferredElementType ? astype(out, opts.preferredElementType) : out;
}

/** jnp.linalg.matrixTranspose(x): swaps the last two axes. */
export function matrixTranspose(x: ArrayLike): NDArray {
  const a = asArray(x, "matrix_transpose argument");
  if (a.ndim < 2) throw new ValueError(`matrix_transpose requires at least 2 dimensions; got ndim=${a.ndim}`);
  return mT(a);
}
