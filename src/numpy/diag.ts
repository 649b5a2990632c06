// Diagonals and triangles: diag, diagflat, diagonal, trace, fillDiagonal,
// and the index helpers (diagIndices, triuIndices, trilIndices, maskIndices).
import { ArrayImpl } from "../core/array_impl.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { type DTypeLike, parseDType } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { normalizeAxis, shapeStr } from "../core/shape.ts";
import { arange, eye, ones, zerosLike } from "./creation.ts";
import * as el from "./elementwise.ts";
import { sum } from "./reductions.ts";
import { moveaxis, ravel, tile } from "./shape.ts";
import { pad } from "./pad.ts";
import { asArray } from "./util.ts";
import { nonzeroSized } from "./selection.ts";

export interface DiagonalOpts {
  offset?: number;
  axis1?: number;
  axis2?: number;
}

/** The two axes moved last, as diagonal and trace take them. */
function axesLast(name: string, a: NDArray, axis1: number, axis2: number): [NDArray, number, number] {
  const ax1 = normalizeAxis(axis1, a.ndim, `${name} axis1`);
  const ax2 = normalizeAxis(axis2, a.ndim, `${name} axis2`);
  if (ax1 === ax2) throw new ValueError(`axis1 and axis2 can not be same. axis1=${axis1} and axis2=${axis2}`);
  return [moveaxis(a, [ax1, ax2], [-2, -1]), a.shape[ax1], a.shape[ax2]];
}

/** jnp.diagonal(a, {offset, axis1, axis2}) (or diagonal(a, offset)): the diagonal as the last axis. */
export function diagonal(x: ArrayLike, opts: DiagonalOpts | number = {}): NDArray {
  const o = typeof opts === "number" ? { offset: opts } : checkOptions(opts, "diagonal", ["offset", "axis1", "axis2"]);
  const a = asArray(x, "diagonal argument");
  if (a.ndim < 2) throw new ValueError("diagonal requires an array of at least two dimensions.");
  const offset = checkInt(o.offset ?? 0, "diagonal offset");
  const [m, n1, n2] = axesLast("diagonal", a, o.axis1 ?? 0, o.axis2 ?? 1);
  const len = Math.max(0, Math.min(n1 + Math.min(offset, 0), n2 - Math.max(offset, 0)));
  return diagonalOf(m, offset, len);
}

/** The gather of the diagonal, compiled when eager as JAX jits it (its index iotas in the program, not made on the host per call). */
const diagonalOf = compiledEager(
  (m: NDArray, offset: number, len: number): NDArray => {
    const i = arange(len);
    const j = arange(Math.abs(offset), Math.abs(offset) + len);
    return offset >= 0 ? m.get("...", i, j) : m.get("...", j, i);
  },
  [1, 2],
);

export interface TraceOpts extends DiagonalOpts {
  dtype?: DTypeLike;
}
/** jnp.trace(a, {offset, axis1, axis2, dtype}): the sum of the diagonal (ints accumulate as jnp.sum does). */
export function trace(x: ArrayLike, opts: TraceOpts | number = {}): NDArray {
  const o = typeof opts === "number" ? { offset: opts } : checkOptions(opts, "trace", ["offset", "axis1", "axis2", "dtype"]);
  let a = asArray(x, "trace argument");
  if (o.dtype !== undefined) a = el.astype(a, parseDType(o.dtype, "trace dtype"));
  const offset = checkInt(o.offset ?? 0, "trace offset");
  const [m, n1, n2] = axesLast("trace", a, o.axis1 ?? 0, o.axis2 ?? 1);
  const masked = el.where(eye(n1, n2, offset, { dtype: "bool" }), m, zerosLike(m));
  return sum(masked, [-2, -1]);
}

/** jnp.diag(v, k = 0): a 1-d v on the k-th diagonal of a square matrix; a 2-d v's k-th diagonal. */
export function diag(v: ArrayLike, k = 0): NDArray {
  checkInt(k, "diag k");
  return diagC(asArray(v, "diag argument"), k);
}
/** Compiled when eager, as JAX jits diag: the padding, the mask and the select one kernel. */
const diagC = compiledEager(diagBody, [1]);

function diagBody(a: NDArray, k: number): NDArray {
  if (a.ndim === 2) return diagonal(a, { offset: k });
  if (a.ndim !== 1) throw new ValueError(`diag input must be 1d or 2d, got shape ${shapeStr(a.shape)}`);
  const n = a.shape[0] + Math.abs(k);
  const padded = pad(a, [[Math.max(0, k), Math.max(0, -k)]]);
  return el.where(eye(n, n, k, { dtype: "bool" }), padded, zerosLike(padded));
}

/** jnp.diagflat(v, k = 0): diag of the flattened input. */
export function diagflat(v: ArrayLike, k = 0): NDArray {
  return diag(ravel(v), k);
}

/** jnp.diag_indices(n, ndim = 2): ndim copies of arange(n), indexing the main diagonal. */
export function diagIndices(n: number, ndim = 2): NDArray[] {
  checkInt(n, "diag_indices n", 0);
  checkInt(ndim, "diag_indices ndim", 0);
  return Array.from({ length: ndim }, () => arange(n));
}

/** jnp.diag_indices_from(a): diagIndices for a square array a. */
export function diagIndicesFrom(x: ArrayLike): NDArray[] {
  const a = asArray(x, "diag_indices_from argument");
  if (a.ndim < 2) throw new ValueError("input array must be at least 2-d");
  if (new Set(a.shape).size !== 1) throw new ValueError("All dimensions of input must be of equal length");
  return diagIndices(a.shape[0], a.ndim);
}

export interface FillDiagonalOpts {
  wrap?: boolean;
  inplace?: boolean;
}
/** jnp.fill_diagonal(a, val, {inplace: false}): a with its main diagonal set to val (JAX needs inplace false). */
export function fillDiagonal(x: ArrayLike, val: ArrayLike, opts: FillDiagonalOpts = {}): NDArray {
  checkOptions(opts, "fill_diagonal", ["wrap", "inplace"]);
  if (opts.inplace ?? true) throw new ValueError("JAX arrays are immutable, must use inplace=False");
  if (opts.wrap) throw new ValueError("wrap=True is not implemented, must use wrap=False");
  const a = asArray(x, "fill_diagonal argument");
  const v = asArray(val, "fill_diagonal val");
  if (a.ndim < 2) throw new ValueError("array must be at least 2-d");
  if (a.ndim > 2 && new Set(a.shape).size !== 1) throw new ValueError("All dimensions of input must be of equal length");
  const n = Math.min(...a.shape);
  const idx = diagIndices(n, a.ndim);
  if (v.ndim === 0) return a.at(...idx).set(v);
  let flat = ravel(v);
  if (flat.size < n) flat = tile(flat, Math.ceil(n / flat.size));
  return a.at(...idx).set(flat.size > n ? flat.get(arange(n)) : flat);
}

/** Row and column indices where keep(i, j) holds, row-major, as int32 arrays. */
/** Row and column indices, row by row, of the [n, m] positions whose diagonal offset j - i lies in [lo, hi]. */
function triIndices(n: number, m: number, lo: number, hi: number): NDArray[] {
  const span = (i: number): [number, number] => [Math.max(0, i + lo), Math.min(m - 1, i + hi)];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const [a, b] = span(i);
    count += Math.max(0, b - a + 1);
  }
  const rows = new Int32Array(count);
  const cols = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const [a, b] = span(i);
    for (let j = a; j <= b; j++, at++) {
      rows[at] = i;
      cols[at] = j;
    }
  }
  return [ArrayImpl.fromHost(rows, [count], "int32"), ArrayImpl.fromHost(cols, [count], "int32")];
}

/** jnp.triu_indices(n, k = 0, m = n): indices of the upper triangle (j - i ≥ k). */
export function triuIndices(n: number, k = 0, m: number | null = null): NDArray[] {
  checkInt(n, "triu_indices n", 0);
  const cols = m ?? n;
  return triIndices(n, cols, checkInt(k, "triu_indices k"), cols);
}
/** jnp.tril_indices(n, k = 0, m = n): indices of the lower triangle (j - i ≤ k). */
export function trilIndices(n: number, k = 0, m: number | null = null): NDArray[] {
  checkInt(n, "tril_indices n", 0);
  return triIndices(n, m ?? n, -n, checkInt(k, "tril_indices k"));
}
function from2d(name: string, x: ArrayLike): [number, number] {
  const a = asArray(x, `${name} argument`);
  if (a.ndim !== 2) throw new ValueError(`${name}: input array must be 2-d, got shape ${shapeStr(a.shape)}`);
  return [a.shape[0], a.shape[1]];
}
/** jnp.triu_indices_from(a, k = 0). */
export function triuIndicesFrom(x: ArrayLike, k = 0): NDArray[] {
  const [n, m] = from2d("triu_indices_from", x);
  return triuIndices(n, k, m);
}
/** jnp.tril_indices_from(a, k = 0). */
export function trilIndicesFrom(x: ArrayLike, k = 0): NDArray[] {
  const [n, m] = from2d("tril_indices_from", x);
  return trilIndices(n, k, m);
}

/** jnp.mask_indices(n, maskFunc, k = 0, {size}): indices where maskFunc(ones([n, n]), k) is nonzero. */
export function maskIndices(
  n: number,
  maskFunc: (x: NDArray, k: number) => NDArray,
  k = 0,
  opts: { size?: number | null } = {},
): NDArray[] {
  checkOptions(opts, "mask_indices", ["size"]);
  checkInt(n, "mask_indices n", 0);
  const flat = nonzeroSized(ravel(maskFunc(ones([n, n]), k)), opts.size ?? null, null, "mask_indices");
  return [el.floorDivide(flat, n), el.remainder(flat, n)];
}
