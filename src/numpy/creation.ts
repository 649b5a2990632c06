// Array creation: array/asarray, zeros/ones/full, arange/linspace, eye/tri.
import { type Float0, type Float0Array, float0Zeros, isFloat0DType } from "../core/float0.ts";
import { ArrayImpl } from "../core/array_impl.ts";
import { getBackend } from "../backend/backend.ts";
import { arrayFromData, castHost } from "../core/convert.ts";
import { type DType, type DTypeLike, canonicalize, defaultFloat, defaultInt, isFloat, isInteger, parseDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { checkBoolOption, checkOptions } from "../core/options.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import { checkInt, checkNumber } from "../core/scalar_args.ts";
import { checkShape } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { convert, full as laxFull } from "../lax/helpers.ts";
import { iotaP } from "../lax/shape_ops.ts";
import { reshapeP } from "../lax/layout.ts";
import { broadcastInDimP } from "../lax/broadcast.ts";
import * as E from "../lax/elementwise.ts";
import { astype, where } from "./elementwise.ts";
import { broadcastToNamed } from "./shape.ts";
import { asArray } from "./util.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

/** The dtype option: a name ("int32") or a dtype object (jnp.int32). */
export interface DTypeOpt {
  dtype?: DTypeLike;
}
/** Options of jnp.array / jnp.asarray. `copy` has no effect (arrays are immutable). */
export interface ArrayOpts extends DTypeOpt {
  copy?: boolean | null;
  /** The least number of dimensions: leading axes of size 1 are added (jnp.array's ndmin). */
  ndmin?: number;
}

/** The options of zerosLike, onesLike, fullLike and emptyLike: a dtype, and a shape in place of the argument's. */
export interface LikeOpts extends DTypeOpt {
  shape?: number | number[] | null;
}

/**
 * The options of a creation function, checked: an options object with only
 * `keys`, or (as JAX allows `jnp.array(x, dtype)` positionally) a dtype.
 */
function creationOpts<T extends DTypeOpt>(opts: T | DTypeLike | undefined, name: string, keys: readonly string[] = ["dtype"]): T {
  if (opts === undefined || opts === null) {
    if (opts === null) throw new JaxTypeError(`${name}: the options argument must be an object {${keys.join(", ")}} or a dtype, got null`);
    return {} as T;
  }
  if (typeof opts === "string" || typeof opts === "function") return { dtype: parseDType(opts, `${name} dtype`) } as T;
  const o = checkOptions(opts as T, name, keys);
  if (o.dtype !== undefined) parseDType(o.dtype, `${name} dtype`);
  return o;
}

/** The dtype option as a dtype (undefined when not given). */
function dtypeOf(opts: DTypeOpt, name: string): DType | undefined {
  return opts.dtype === undefined ? undefined : parseDType(opts.dtype, `${name} dtype`);
}

/** jnp.array under the caller's name (errors say which function got the bad data). */
function fromData(data: unknown, options: ArrayOpts | DTypeLike | undefined, name: string): NDArray {
  const opts = creationOpts<ArrayOpts>(options, name, name === "array" ? ["dtype", "copy", "ndmin"] : ["dtype", "copy"]);
  if (opts.copy !== null) checkBoolOption(opts.copy, `${name}: copy`);
  const dtype = dtypeOf(opts, name);
  let r = arrayFromData(data, dtype, name);
  // A lone JS number is a Python scalar: jnp.array(3.0) is weakly typed in JAX.
  if (typeof data === "number" && dtype === undefined) r = convert(r, r.dtype, true);
  const ndmin = opts.ndmin === undefined ? 0 : checkInt(opts.ndmin, `${name}: ndmin`, 0);
  if (r.ndim < ndmin) r = bind1(reshapeP, [r], { new_sizes: [...Array(ndmin - r.ndim).fill(1), ...r.shape], dimensions: null });
  return r;
}

/**
 * jnp.array(data, {dtype}) or jnp.array(data, dtype): a new array from JS
 * numbers/booleans, nested lists (which may hold arrays and traced values),
 * typed arrays or arrays. Numbers give float32 unless dtype says otherwise.
 */
export function array(data: unknown, opts?: ArrayOpts | DTypeLike): NDArray {
  return fromData(data, opts, "array");
}

/** jnp.asarray(data, {dtype}) or jnp.asarray(data, dtype): like array, but an array of that dtype is returned as it is. */
export function asarray(data: unknown, opts?: ArrayOpts | DTypeLike): NDArray {
  if (data instanceof NDArray) {
    const o = creationOpts<ArrayOpts>(opts, "asarray", ["dtype", "copy"]);
    const d = dtypeOf(o, "asarray");
    if (d === undefined || canonicalize(d) === data.dtype) return data;
  }
  return fromData(data, opts, "asarray");
}

function shapeArg(shape: number | number[], what: string): number[] {
  return checkShape(typeof shape === "number" ? [shape] : shape, what);
}

/** jnp.full(shape, fillValue, {dtype}) (or a dtype positionally): an array of one value. */
export function full(shape: number | number[], fillValue: ArrayLike, opts?: DTypeOpt | DTypeLike): NDArray {
  const o = creationOpts(opts, "full");
  const r = fullNamed(shape, fillValue, o, "full");
  // jnp.full(shape, 3) keeps the fill value's weak type, as in JAX.
  return typeof fillValue === "number" && o.dtype === undefined ? convert(r, r.dtype, true) : r;
}

function fullNamed(shape: number | number[], fillValue: ArrayLike, opts: DTypeOpt, fname: string): NDArray {
  const s = shapeArg(shape, `${fname} shape`);
  if (typeof fillValue === "number" || typeof fillValue === "boolean") {
    const d = canonicalize(parseDType(opts.dtype ?? (typeof fillValue === "boolean" ? "bool" : defaultFloat()), `${fname} dtype`));
    return laxFull(s, Number(fillValue), d);
  }
  const v = asArray(fillValue, `${fname} fill_value`);
  const d = opts.dtype === undefined ? v.dtype : canonicalize(parseDType(opts.dtype, `${fname} dtype`));
  const src = v.dtype === d ? v : astype(v, d);
  return broadcastToNamed(fname, src, s);
}

/** zeros; with `{ dtype: float0 }` the tangent of an integer primal (JAX's `np.zeros(shape, float0)`). */
export function zeros(shape: number | number[], opts: { dtype: Float0 } | Float0): Float0Array;
export function zeros(shape: number | number[], opts?: DTypeOpt | DTypeLike): NDArray;
export function zeros(shape: number | number[], opts?: DTypeOpt | DTypeLike | { dtype: Float0 } | Float0): NDArray | Float0Array {
  if (isFloat0DType(opts) || (typeof opts === "object" && opts !== null && isFloat0DType((opts as { dtype?: unknown }).dtype)))
    return float0Zeros(shape);
  return fullNamed(shape, 0, creationOpts(opts as DTypeOpt | DTypeLike | undefined, "zeros"), "zeros");
}
export function ones(shape: number | number[], opts?: DTypeOpt | DTypeLike): NDArray {
  return fullNamed(shape, 1, creationOpts(opts, "ones"), "ones");
}
export const empty = zeros;

// JAX keeps x's weak type when no dtype is given.
function likeDtype(
  x: ArrayLike,
  options: LikeOpts | DTypeLike | undefined,
  name: string,
): { shape: number[]; dtype: DType; weak: boolean } {
  const opts = creationOpts<LikeOpts>(options, name, ["dtype", "shape"]);
  const a = asArray(x, `${name} argument`);
  const given = opts.shape ?? null;
  const shape = given === null ? a.shape : typeof given === "number" ? [given] : [...given];
  checkShape(shape, `${name} shape`);
  if (opts.dtype === undefined) return { shape, dtype: a.dtype, weak: a.weakType };
  return { shape, dtype: canonicalize(parseDType(opts.dtype, `${name} dtype`)), weak: false };
}
export function zerosLike(x: ArrayLike, opts?: LikeOpts | DTypeLike): NDArray {
  const l = likeDtype(x, opts, "zeros_like");
  return laxFull(l.shape, 0, l.dtype, l.weak);
}
export function onesLike(x: ArrayLike, opts?: LikeOpts | DTypeLike): NDArray {
  const l = likeDtype(x, opts, "ones_like");
  return laxFull(l.shape, 1, l.dtype, l.weak);
}
export function fullLike(x: ArrayLike, v: ArrayLike, opts?: LikeOpts | DTypeLike): NDArray {
  const l = likeDtype(x, opts, "full_like");
  const r = fullNamed(l.shape, v, { dtype: l.dtype }, "full_like");
  return l.weak ? convert(r, l.dtype, true) : r;
}
export const emptyLike = zerosLike;

/** arange(stop) | arange(start, stop, step?): int32 when all arguments are integers, as in JAX. */
export function arange(
  start: number,
  stop?: number | null | DTypeOpt,
  step?: number | null | DTypeOpt,
  options?: DTypeOpt | DTypeLike,
): NDArray {
  // The options may come early: arange(5, {dtype}), arange(0, 5, {dtype}).
  if (typeof stop === "object" && stop !== null) {
    options = stop as DTypeOpt;
    stop = undefined;
  }
  if (typeof step === "object" && step !== null) {
    options = step as DTypeOpt;
    step = undefined;
  }
  const opts = creationOpts(options, "arange");
  checkNumber(start, "arange: start", true);
  for (const [n, v] of [
    ["stop", stop],
    ["step", step],
  ] as const) {
    if (v !== undefined && v !== null) checkNumber(v, `arange: ${n}`, true);
  }
  let lo = start;
  let hi = stop;
  if (hi === undefined || hi === null) {
    hi = lo;
    lo = 0;
  }
  const st = step ?? 1;
  if (st === 0) throw new ValueError("arange: step must not be zero");
  const allInt = Number.isInteger(lo) && Number.isInteger(hi) && Number.isInteger(st);
  const dtype = canonicalize(parseDType(opts.dtype ?? (allInt ? defaultInt() : defaultFloat()), "arange dtype"));
  const n = Math.max(0, Math.ceil((hi - lo) / st));
  checkShape([n], "arange length");
  // arange(n) is lax.iota, as JAX's (on the backend, deferred with what reads it), where the backend's arrays
  // read synchronously (WebGPU's computed ones do not; a host upload does); other ranges are host arrays.
  if (lo === 0 && st === 1 && (dtype === "int32" || dtype === "float32") && readsSynchronously()) {
    return bind1(iotaP, [], { dtype, shape: [n], dimension: 0 });
  }
  const vals = isFloat(dtype) && !allInt ? arangeFloatValues(lo, st, n, dtype) : arangeExactValues(lo, st, n);
  // Integers within int32's range convert exactly by the typed array's own conversion (castHost's
  // per-element dtype tests took 21 ms for 1e6).
  const last = n === 0 ? lo : lo + (n - 1) * st;
  if (allInt && dtype === "int32" && Math.min(lo, last) >= -(2 ** 31) && Math.max(lo, last) < 2 ** 31) {
    return ArrayImpl.fromHost(new Int32Array(vals), [n], dtype);
  }
  return ArrayImpl.fromHost(castHost(vals, dtype), [n], dtype);
}

/** An integer-valued arange's values (exact in float64). */
function arangeExactValues(lo: number, st: number, n: number): Float64Array {
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = lo + i * st;
  return vals;
}

/**
 * A float arange's values as JAX computes them: `start + step * iota` in
 * float32 (float64 for a float64 arange; the half types work in float32 and
 * round at the end), start and step rounded to that dtype first and each
 * operation rounded (XLA fuses no multiply-add here: measured against JAX
 * 0.10.2 over 300 ranges).
 */
function arangeFloatValues(lo: number, st: number, n: number, dtype: DType): Float64Array {
  const round = dtype === "float64" ? (v: number) => v : Math.fround;
  const [first, step] = [round(lo), round(st)];
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = round(first + round(i * step));
  return vals;
}

/** linspace of two JS numbers, bit for bit XLA's values (jnp.linspace in creation_extra.ts takes arrays too). */
export function linspaceOfNumbers(start: number, stop: number, num = 50, options?: DTypeOpt & { endpoint?: boolean }): NDArray {
  const opts = creationOpts(options, "linspace", ["dtype", "endpoint"]);
  checkBoolOption(opts.endpoint, "linspace: endpoint");
  checkNumber(start, "linspace: start");
  checkNumber(stop, "linspace: stop");
  checkShape([checkInt(num, "linspace: num", 0)], "linspace length");
  const dtype = canonicalize(parseDType(opts.dtype ?? defaultFloat(), "linspace dtype"));
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  // As XLA computes JAX's start * (1 - t) + stop * t with t = i / div: the division a multiply
  // by 1/div, stop * t reassociated to i * (stop/div), fused into the add; so the values match
  // JAX's to the last bit (checked against jnp.linspace over several ranges).
  if (dtype === "float32" && num >= LINSPACE_ON_BACKEND && readsSynchronously()) return linspace32(start, stop, div, num, endpoint);
  const vals = dtype === "float64" ? linspaceValues(start, stop, div, num) : linspaceValues32(start, stop, div, num);
  if (endpoint && num > 1) vals[num - 1] = stop;
  if (isInteger(dtype)) for (let i = 0; i < num; i++) vals[i] = Math.floor(vals[i]);
  // float32 and float64 values are their storage already.
  const host = dtype === "float32" || dtype === "float64" ? vals : castHost(vals, dtype);
  return ArrayImpl.fromHost(host, [num], dtype);
}

/** linspace's values in float64 (each operation rounded once, as float64 arithmetic is). */
function linspaceValues(start: number, stop: number, div: number, num: number): Float64Array {
  const inv = div > 0 ? 1 / div : 0;
  const bStep = stop * inv;
  const vals = new Float64Array(num);
  for (let i = 0; i < num; i++) vals[i] = start * (1 - i * inv) + i * bStep;
  return vals;
}

/**
 * Whether the default backend's arrays read back synchronously (no `ready`
 * to await): there, ranges compute on the backend; elsewhere (WebGPU) a host
 * upload stays readable by `toArray`.
 */
function readsSynchronously(): boolean {
  return getBackend().ready === undefined;
}

/** From this many values a float32 linspace computes on the backend (one fused kernel) rather than on the host. */
const LINSPACE_ON_BACKEND = 4096;

/**
 * linspaceValues32's operations as one compiled program (an iota's, in
 * float32 and the last sum in float64), bit for bit its values, cached per
 * length with the bounds traced: 1e6 values in 4.5 ms on the host, most of
 * it the loop. Compiled rather than deferred: a consumer fused into its
 * float64 kernel would run scalar too (logspace's pow).
 */
function linspace32(start: number, stop: number, div: number, num: number, endpoint: boolean): NDArray {
  const a = Math.fround(start);
  const b = Math.fround(stop);
  const inv = div > 0 ? Math.fround(1 / div) : 0;
  const scalar = (v: number) => laxFull([], v, "float32");
  return linspaceProgram(scalar(a), scalar(b), scalar(inv), scalar(Math.fround(b * inv)), num, endpoint);
}

const linspaceProgram = compiledEager(
  (a: NDArray, b: NDArray, inv: NDArray, bStep: NDArray, num: number, endpoint: boolean): NDArray => {
    const at = (x: NDArray) => bind1(broadcastInDimP, [x], { shape: [num], broadcast_dimensions: [] });
    const wide = (x: NDArray) => bind1(E.convertElementTypeP, [x], { new_dtype: "float64", weak_type: false });
    const i = bind1(iotaP, [], { dtype: "float32", shape: [num], dimension: 0 });
    const one = laxFull([num], 1, "float32");
    const head = bind1(E.mulP, [at(a), bind1(E.subP, [one, bind1(E.mulP, [i, at(inv)], {})], {})], {});
    const sum = bind1(E.addP, [wide(head), bind1(E.mulP, [wide(i), wide(at(bStep))], {})], {});
    const vals = bind1(E.convertElementTypeP, [sum], { new_dtype: "float32", weak_type: false });
    if (!endpoint || num < 2) return vals;
    return bind1(E.selectNP, [bind1(E.eqP, [i, laxFull([num], num - 1, "float32")], {}), vals, at(b)], {});
  },
  [4, 5],
);

/**
 * Up to this many steps between scalar bounds XLA unrolls linspace's loop: at
 * i = 1 the product i * (stop/div) folds away and the other product,
 * start * (1 - t), is the one fused into the sum (measured against JAX 0.10.2).
 */
export const LINSPACE_UNROLLED_STEPS = 33;

/** linspace's values as float32 arithmetic rounds them (the last sum in float64, as the fused multiply-add rounds once). */
function linspaceValues32(start: number, stop: number, div: number, num: number): Float32Array {
  const [a, b] = [Math.fround(start), Math.fround(stop)];
  const inv = div > 0 ? Math.fround(1 / div) : 0;
  const bStep = Math.fround(b * inv);
  const vals = new Float32Array(num); // each store rounds to float32
  for (let i = 0; i < num; i++) vals[i] = Math.fround(a * Math.fround(1 - Math.fround(i * inv))) + i * bStep;
  if (div >= 2 && div <= LINSPACE_UNROLLED_STEPS) vals[1] = a * Math.fround(1 - inv) + bStep;
  return vals;
}

export function eye(n: number, m?: number | null, k = 0, options?: DTypeOpt | DTypeLike): NDArray {
  const opts = creationOpts(options, "eye");
  const cols = m ?? n;
  checkShape([n, cols], "eye shape");
  checkInt(k, "eye: k");
  const dtype = dtypeOf(opts, "eye") ?? defaultFloat();
  const r = bind1(iotaP, [], { dtype: "int32", shape: [n, cols], dimension: 0 });
  const c = bind1(iotaP, [], { dtype: "int32", shape: [n, cols], dimension: 1 });
  const eq = bind1(E.eqP, [bind1(E.addP, [r, laxFull([n, cols], k, "int32")], {}), c], {});
  return astype(eq, dtype);
}
export function identity(n: number, opts?: DTypeOpt | DTypeLike): NDArray {
  return eye(checkInt(n, "identity: n", 0), n, 0, creationOpts(opts, "identity"));
}

export function tri(n: number, m?: number | null, k = 0, options?: DTypeOpt | DTypeLike): NDArray {
  const opts = creationOpts(options, "tri");
  const cols = m ?? n;
  checkShape([n, cols], "tri shape");
  checkInt(k, "tri: k");
  const r = bind1(iotaP, [], { dtype: "int32", shape: [n, cols], dimension: 0 });
  const c = bind1(iotaP, [], { dtype: "int32", shape: [n, cols], dimension: 1 });
  const ge = bind1(E.geP, [bind1(E.addP, [r, laxFull([n, cols], k, "int32")], {}), c], {});
  return astype(ge, dtypeOf(opts, "tri") ?? defaultFloat());
}

function triMask(x: NDArray, k: number, lower: boolean): NDArray {
  if (x.ndim < 2)
    throw new ValueError(`${lower ? "tril" : "triu"} requires an array of at least 2 dimensions, got shape ${JSON.stringify(x.shape)}`);
  const [n, m] = x.shape.slice(-2);
  const mask = tri(n, m, lower ? k : k - 1, { dtype: "bool" });
  const z = laxFull([], 0, x.dtype);
  return lower ? where(mask, x, z) : where(mask, z, x);
}
/** Eagerly one compiled program per shape: the mask never reaches memory. */
const triMaskC = compiledEager(triMask, [1, 2]);
export function tril(x: ArrayLike, k = 0): NDArray {
  return triMaskC(asArray(x, "tril argument"), checkInt(k, "tril: k"), true);
}
export function triu(x: ArrayLike, k = 0): NDArray {
  return triMaskC(asArray(x, "triu argument"), checkInt(k, "triu: k"), false);
}

export { isFloat };
