// Odds and ends of jnp: trimZeros, unwrap, trapezoid, and the buffer
// constructors (frombuffer, fromstring; fromiter raises, as in JAX).
import { type DTypeLike, canonicalize, canonicalizeQuiet, defaultFloat, isInteger, parseDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxis } from "../core/shape.ts";
import { arrayFromJs } from "../core/convert.ts";
import { arange, array } from "./creation.ts";
import * as el from "./elementwise.ts";
import { any as anyR, argmax, cumsum, sum } from "./reductions.ts";
import { concatenate, flip, moveaxis } from "./shape.ts";
import { asArray, namedResultType, promoteToFloat, toType } from "./util.ts";

/** x[1:] - x[:-1] along axis. */
function diff1(x: NDArray, axis: number): NDArray {
  const n = x.shape[axis];
  const m = moveaxis(x, axis, 0);
  return moveaxis(el.subtract(m.get(arange(1, n)), m.get(arange(0, n - 1))), 0, axis);
}

/** jnp.trim_zeros(filt, trim = "fb", {axis}): leading ("f") and trailing ("b") zeros removed (needs concrete values). */
export function trimZeros(filt: ArrayLike, trim = "fb", opts: { axis?: number | number[] | null } = {}): NDArray {
  checkOptions(opts, "trim_zeros", ["axis"]);
  const a = asArray(filt, "trim_zeros argument");
  if (a.isTracer) a.dataSync(); // raises JAX's ConcretizationTypeError
  const axes = opts.axis === undefined || opts.axis === null ? a.shape.map((_, i) => i) : [opts.axis].flat();
  const axSet = new Set(axes.map((ax) => normalizeAxis(ax, a.ndim, "trim_zeros axis")));
  const t = trim.toLowerCase();
  if (axSet.size === 0 || (!t.includes("f") && !t.includes("b"))) return a;
  const nz = el.notEqual(a, 0);
  const idx = a.shape.map((n, ax) => {
    if (!axSet.has(ax)) return arange(n);
    const mask = anyR(
      nz,
      a.shape.map((_, i) => i).filter((i) => i !== ax),
    );
    if (!anyR(mask).item()) return arange(0);
    const start = t.includes("f") ? Number(argmax(mask).item()) : 0;
    const stop = t.includes("b") ? n - Number(argmax(flip(mask, 0)).item()) : n;
    return arange(start, stop);
  });
  let r = a;
  idx.forEach((ix, ax) => (r = moveaxis(moveaxis(r, ax, 0).get(ix), 0, ax)));
  return r;
}

export interface UnwrapOpts {
  discont?: ArrayLike | null;
  axis?: number;
  period?: ArrayLike;
}
/** jnp.unwrap(p, {discont, axis = -1, period = 2π}): jumps larger than discont replaced by their period complement. */
export function unwrap(p: ArrayLike, opts: UnwrapOpts = {}): NDArray {
  checkOptions(opts, "unwrap", ["discont", "axis", "period"]);
  const per = opts.period ?? 2 * Math.PI;
  const t = namedResultType("unwrap", [p, per]);
  const xa = toType(p, t.dtype, t.weakType, "unwrap argument");
  const period = toType(per, t.dtype, t.weakType, "unwrap period");
  const ax = normalizeAxis(opts.axis ?? -1, xa.ndim, "unwrap axis");
  if (xa.shape[ax] === 0) return xa;
  const discont = opts.discont ?? el.divide(period, 2);
  const interval = isInteger(xa.dtype) ? el.floorDivide(period, 2) : el.divide(period, 2);
  const dd = diff1(xa, ax);
  let ddmod = el.subtract(el.mod(el.add(dd, interval), period), interval);
  ddmod = el.where(el.logicalAnd(el.equal(ddmod, el.negative(interval)), el.greater(dd, 0)), interval, ddmod);
  const correct = el.where(el.less(el.abs(dd), discont), 0, el.subtract(ddmod, dd));
  const m = moveaxis(xa, ax, 0);
  const n = m.shape[0];
  const rest = el.add(m.get(arange(1, n)), moveaxis(cumsum(correct, ax), ax, 0));
  return moveaxis(concatenate([m.get(arange(0, 1)), rest], 0), 0, ax);
}

export interface TrapezoidOpts {
  x?: ArrayLike | null;
  dx?: ArrayLike;
  axis?: number;
}
/** jnp.trapezoid(y, {x, dx = 1, axis = -1}): the trapezoidal rule along axis. */
export function trapezoid(y: ArrayLike, opts: TrapezoidOpts = {}): NDArray {
  checkOptions(opts, "trapezoid", ["x", "dx", "axis"]);
  const axis = opts.axis ?? -1;
  let ya: NDArray;
  let dx: NDArray;
  if (opts.x === undefined || opts.x === null) {
    ya = promoteToFloat("trapezoid", y)[0];
    dx = asArray(opts.dx ?? 1.0, "trapezoid dx");
    if (dx.ndim > 0) dx = moveaxis(dx.reshape([...Array(ya.ndim - dx.ndim).fill(1), ...dx.shape]), axis, -1);
  } else {
    const t = promoteToFloat("trapezoid", y, opts.x);
    const yy = asArray(y);
    const xx = asArray(opts.x);
    ya = t[0].ndim === yy.ndim ? el.astype(yy, t[0].dtype) : t[0];
    const xa = el.astype(xx, t[0].dtype);
    dx = xa.ndim === 1 ? diff1(xa, 0) : moveaxis(diff1(xa, normalizeAxis(axis, xa.ndim, "trapezoid axis")), axis, -1);
  }
  const ym = moveaxis(ya, axis, -1);
  const n = ym.shape[ym.ndim - 1];
  if (dx.ndim === 0 || dx.shape[dx.ndim - 1] === 1) {
    const d = dx.ndim === 0 ? dx : dx.get("...", 0);
    const ends = el.multiply(0.5, el.add(ym.get("...", 0), ym.get("...", n - 1)));
    return el.multiply(d, el.subtract(sum(ym, -1), ends));
  }
  const mid = el.add(ym.get("...", arange(1, n)), ym.get("...", arange(0, n - 1)));
  return el.multiply(0.5, sum(el.multiply(dx, mid), -1));
}

/** jnp.fromiter raises, as in JAX: an iterator may be impure; use jnp.asarray([...it]). */
export function fromiter(..._args: unknown[]): never {
  throw new JaxTypeError(
    "jnp.fromiter() is not implemented because it may be non-pure and thus unsafe for use with JIT and other JAX transformations. Consider using jnp.asarray([...iterable]) instead.",
  );
}

export interface FromBufferOpts {
  dtype?: DTypeLike;
  count?: number;
  offset?: number;
}
const VIEW: Record<string, (b: ArrayBuffer, o: number, n: number) => ArrayLike> = {
  float32: (b, o, n) => Array.from(new Float32Array(b, o, n)),
  float64: (b, o, n) => Array.from(new Float64Array(b, o, n)),
  int32: (b, o, n) => Array.from(new Int32Array(b, o, n)),
  uint32: (b, o, n) => Array.from(new Uint32Array(b, o, n)),
  bool: (b, o, n) => Array.from(new Uint8Array(b, o, n), (v) => v !== 0),
};
const ITEMSIZE: Record<string, number> = { float32: 4, float64: 8, int32: 4, uint32: 4, bool: 1 };

/** jnp.frombuffer(buffer, {dtype = float, count = -1, offset = 0}): the bytes of an ArrayBuffer (or typed array) as a 1-d array. */
export function frombuffer(buffer: ArrayBuffer | ArrayBufferView, opts: FromBufferOpts = {}): NDArray {
  checkOptions(opts, "frombuffer", ["dtype", "count", "offset"]);
  const dtype = parseDType(opts.dtype ?? "float64", "frombuffer dtype");
  const view = VIEW[dtype];
  if (!view) throw new ValueError(`frombuffer: dtype ${dtype} is not supported`);
  const bytes = (
    ArrayBuffer.isView(buffer) ? buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) : buffer
  ) as ArrayBuffer;
  const offset = opts.offset ?? 0;
  const avail = bytes.byteLength - offset;
  const size = ITEMSIZE[dtype];
  if (avail < 0 || avail % size !== 0) throw new ValueError("buffer size must be a multiple of element size");
  const count = opts.count === undefined || opts.count < 0 ? avail / size : opts.count;
  if (count * size > avail) throw new ValueError("buffer is smaller than requested size");
  const aligned = bytes.slice(offset, offset + count * size);
  return arrayFromJs(view(aligned, 0, count), canonicalizeQuiet(dtype), "frombuffer");
}

/** jnp.fromstring(string, {dtype = float, count = -1, sep}): numbers parsed from text separated by sep (required). */
export function fromstring(s: string, opts: { dtype?: DTypeLike; count?: number; sep: string }): NDArray {
  checkOptions(opts, "fromstring", ["dtype", "count", "sep"]);
  if (opts?.sep === undefined || opts.sep === "")
    throw new ValueError("fromstring: the binary mode (sep='') is not supported; give a separator");
  const dtype = canonicalize(parseDType(opts.dtype ?? defaultFloat(), "fromstring dtype"));
  const parts = s
    .split(opts.sep.trim() === "" ? /\s+/ : opts.sep)
    .map((t) => t.trim())
    .filter((t) => t !== "");
  let vals = parts.map(Number);
  if (opts.count !== undefined && opts.count >= 0) vals = vals.slice(0, opts.count);
  return array(vals, { dtype });
}
