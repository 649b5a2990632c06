// Array creation: array/asarray, zeros/ones/full, arange/linspace, eye/tri.
import { ArrayImpl } from "../core/array_impl.ts";
import { arrayFromJs, castHost } from "../core/convert.ts";
import { type DType, canonicalize, defaultFloat, isFloat, parseDType } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import { checkInt, checkNumber } from "../core/scalar_args.ts";
import { checkShape } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { full as laxFull } from "../lax/helpers.ts";
import { iotaP } from "../lax/shape_ops.ts";
import * as E from "../lax/elementwise.ts";
import { astype, where } from "./elementwise.ts";
import { broadcastToNamed } from "./shape.ts";
import { asArray } from "./util.ts";

export interface DTypeOpt { dtype?: DType }

/** jnp.array under the caller's name (errors say which function got the bad data). */
function fromData(data: unknown, opts: DTypeOpt, name: string): NDArray {
  const dtype = opts.dtype === undefined ? undefined : parseDType(opts.dtype, `${name} dtype`);
  if (data instanceof NDArray && data.isTracer) return dtype ? astype(data, dtype) : data;
  return arrayFromJs(data, dtype, name);
}

export function array(data: unknown, opts: DTypeOpt = {}): NDArray {
  return fromData(data, opts, "array");
}

export function asarray(data: unknown, opts: DTypeOpt = {}): NDArray {
  if (data instanceof NDArray && (opts.dtype === undefined || opts.dtype === data.dtype)) return data;
  return fromData(data, opts, "asarray");
}

function shapeArg(shape: number | number[], what: string): number[] {
  return checkShape(typeof shape === "number" ? [shape] : shape, what);
}

export function full(shape: number | number[], fillValue: ArrayLike, opts: DTypeOpt = {}, fname = "full"): NDArray {
  const s = shapeArg(shape, `${fname} shape`);
  if (typeof fillValue === "number" || typeof fillValue === "boolean") {
    const d = canonicalize(parseDType(opts.dtype ?? (typeof fillValue === "boolean" ? "bool" : "float32"), `${fname} dtype`));
    return laxFull(s, Number(fillValue), d);
  }
  const v = asArray(fillValue, `${fname} fill_value`);
  const d = opts.dtype === undefined ? v.dtype : canonicalize(parseDType(opts.dtype, `${fname} dtype`));
  const src = v.dtype === d ? v : astype(v, d);
  return broadcastToNamed(fname, src, s);
}

export function zeros(shape: number | number[], opts: DTypeOpt = {}): NDArray { return full(shape, 0, opts, "zeros"); }
export function ones(shape: number | number[], opts: DTypeOpt = {}): NDArray { return full(shape, 1, opts, "ones"); }
export const empty = zeros;

function likeDtype(x: ArrayLike, opts: DTypeOpt, name: string): { shape: number[]; dtype: DType } {
  const a = asArray(x, `${name} argument`);
  return { shape: a.shape, dtype: opts.dtype === undefined ? a.dtype : canonicalize(parseDType(opts.dtype, `${name} dtype`)) };
}
export function zerosLike(x: ArrayLike, opts: DTypeOpt = {}): NDArray { const l = likeDtype(x, opts, "zeros_like"); return laxFull(l.shape, 0, l.dtype); }
export function onesLike(x: ArrayLike, opts: DTypeOpt = {}): NDArray { const l = likeDtype(x, opts, "ones_like"); return laxFull(l.shape, 1, l.dtype); }
export function fullLike(x: ArrayLike, v: ArrayLike, opts: DTypeOpt = {}): NDArray {
  const l = likeDtype(x, opts, "full_like");
  return full(l.shape, v, { dtype: l.dtype }, "full_like");
}
export const emptyLike = zerosLike;

/** arange(stop) | arange(start, stop, step?): int32 when all arguments are integers, as in JAX. */
export function arange(start: number, stop?: number | null, step?: number | null, opts: DTypeOpt = {}): NDArray {
  if (typeof stop === "object" && stop !== null) { opts = stop as DTypeOpt; stop = undefined; }
  if (typeof step === "object" && step !== null) { opts = step as DTypeOpt; step = undefined; }
  checkNumber(start, "arange: start", true);
  for (const [n, v] of [["stop", stop], ["step", step]] as const) {
    if (v !== undefined && v !== null) checkNumber(v, `arange: ${n}`, true);
  }
  let lo = start;
  let hi = stop;
  if (hi === undefined || hi === null) { hi = lo; lo = 0; }
  const st = step ?? 1;
  if (st === 0) throw new ValueError("arange: step must not be zero");
  const allInt = Number.isInteger(lo) && Number.isInteger(hi) && Number.isInteger(st);
  const dtype = canonicalize(parseDType(opts.dtype ?? (allInt ? "int32" : defaultFloat()), "arange dtype"));
  const n = Math.max(0, Math.ceil((hi - lo) / st));
  checkShape([n], "arange length");
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = lo + i * st;
  return ArrayImpl.fromHost(castHost(vals, dtype), [n], dtype);
}

export function linspace(start: number, stop: number, num = 50, opts: DTypeOpt & { endpoint?: boolean } = {}): NDArray {
  checkNumber(start, "linspace: start");
  checkNumber(stop, "linspace: stop");
  checkShape([checkInt(num, "linspace: num", 0)], "linspace length");
  const dtype = canonicalize(parseDType(opts.dtype ?? defaultFloat(), "linspace dtype"));
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const vals = new Float64Array(num);
  for (let i = 0; i < num; i++) vals[i] = start + i * step;
  if (endpoint && num > 1) vals[num - 1] = stop;
  return ArrayImpl.fromHost(castHost(vals, dtype), [num], dtype);
}

export function eye(n: number, m?: number | null, k = 0, opts: DTypeOpt = {}): NDArray {
  const cols = m ?? n;
  checkShape([n, cols], "eye shape");
  checkInt(k, "eye: k");
  const dtype = opts.dtype ?? defaultFloat();
  const r = bind1(iotaP, [], { dtype: "int32", shape: [n, cols], dimension: 0 });
  const c = bind1(iotaP, [], { dtype: "int32", shape: [n, cols], dimension: 1 });
  const eq = bind1(E.eqP, [bind1(E.addP, [r, laxFull([n, cols], k, "int32")], {}), c], {});
  return astype(eq, dtype);
}
export function identity(n: number, opts: DTypeOpt = {}): NDArray { return eye(checkInt(n, "identity: n", 0), n, 0, opts); }

export function tri(n: number, m?: number | null, k = 0, opts: DTypeOpt = {}): NDArray {
  const cols = m ?? n;
  checkShape([n, cols], "tri shape");
  checkInt(k, "tri: k");
  const r = bind1(iotaP, [], { dtype: "int32", shape: [n, cols], dimension: 0 });
  const c = bind1(iotaP, [], { dtype: "int32", shape: [n, cols], dimension: 1 });
  const ge = bind1(E.geP, [bind1(E.addP, [r, laxFull([n, cols], k, "int32")], {}), c], {});
  return astype(ge, opts.dtype ?? defaultFloat());
}

function triMask(x: NDArray, k: number, lower: boolean): NDArray {
  if (x.ndim < 2) throw new ValueError(`${lower ? "tril" : "triu"} requires an array of at least 2 dimensions, got shape ${JSON.stringify(x.shape)}`);
  const [n, m] = x.shape.slice(-2);
  const mask = tri(n, m, lower ? k : k - 1, { dtype: "bool" });
  const z = laxFull([], 0, x.dtype);
  return lower ? where(mask, x, z) : where(mask, z, x);
}
export function tril(x: ArrayLike, k = 0): NDArray { return triMask(asArray(x, "tril argument"), checkInt(k, "tril: k"), true); }
export function triu(x: ArrayLike, k = 0): NDArray { return triMask(asArray(x, "triu argument"), checkInt(k, "triu: k"), false); }

export { isFloat };
