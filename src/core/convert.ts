// Turning JS values (numbers, booleans, nested arrays, typed arrays) into arrays.
import { checkStrictPromotion } from "./strict_promotion.ts";
import { getBackend } from "../backend/backend.ts";
import { ArrayImpl } from "./array_impl.ts";
import {
  type BigIntArray,
  type DType,
  type StorageArray,
  type TypedArray,
  canonicalize,
  castScalar,
  defaultComplex,
  defaultFloat,
  defaultInt,
  isComplex,
  isFloat,
  isBigIntDType,
  isInteger,
  isUnsigned,
  itemsize,
  promoteTypes,
  kernelCtor,
  storageCtor,
  wrapInt,
} from "./dtypes.ts";
import { describe } from "./describe.ts";
import { JaxTypeError, ValueError } from "./errors.ts";
import { isLowpInt, wrapLowpInt } from "./lowp.ts";
import { type Complex, NDArray, isComplexValue, ops, type ArrayLike } from "./ndarray.ts";
type NumList = globalThis.ArrayLike<number>;
import { checkShape } from "./shape.ts";
import { alloc64, bigToFloat32, checkBigInt, putNumber, words, wrapBig } from "./int64_bits.ts";

export function isTypedArray(x: unknown): x is TypedArray | BigIntArray {
  return (
    x instanceof BigInt64Array ||
    x instanceof BigUint64Array ||
    x instanceof Float32Array ||
    x instanceof Float64Array ||
    x instanceof Int32Array ||
    x instanceof Uint32Array ||
    x instanceof Uint8Array ||
    x instanceof Int8Array ||
    x instanceof Int16Array ||
    x instanceof Uint16Array
  );
}

/** (dtype, weak) a value would have as an operand, without materialising it. */
export function typeOfValue(x: ArrayLike, what = "argument"): { dtype: DType; weakType: boolean } {
  if (x instanceof NDArray) return { dtype: x.dtype, weakType: x.weakType };
  if (typeof x === "number") {
    // -0 can only come from float arithmetic, so it is a float (keeps signbit(-0.0) as in JAX).
    return Number.isInteger(x) && !Object.is(x, -0) ? { dtype: defaultInt(), weakType: true } : { dtype: defaultFloat(), weakType: true };
  }
  if (typeof x === "boolean") return { dtype: "bool", weakType: false };
  // A JS bigint is a Python int: a weak integer.
  if (typeof x === "bigint") return { dtype: defaultInt(), weakType: true };
  // A JS complex value is weakly typed, as a Python complex.
  if (isComplexValue(x)) return { dtype: defaultComplex(), weakType: true };
  if (isTypedArray(x)) return { dtype: typedArrayDType(x), weakType: false };
  if (Array.isArray(x)) return { dtype: inferNestedDType(x, what), weakType: false };
  throw badValue(x, what);
}

function badValue(x: unknown, what: string): Error {
  return new JaxTypeError(`${what} must be an array, a JS number/boolean, or a nested array of numbers; got ${describe(x)}`);
}

function typedArrayDType(x: TypedArray | BigIntArray): DType {
  if (x instanceof BigInt64Array) return canonicalize("int64");
  if (x instanceof BigUint64Array) return canonicalize("uint64");
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Float64Array) return canonicalize("float64");
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Uint32Array) return "uint32";
  if (x instanceof Int8Array) return "int8";
  if (x instanceof Int16Array) return "int16";
  if (x instanceof Uint16Array) return "uint16";
  return "bool"; // Uint8Array: 0/1 flags
}

/**
 * The dtype of a nested list. With a strongly typed array among the elements,
 * JAX's promotion over them all (JS numbers weak): `[int32 array, 2]` is int32.
 * Otherwise the JS convention: numbers give float32, booleans bool.
 */
function inferNestedDType(x: unknown[], what: string): DType {
  let sawBool = false;
  let sawNumber = false;
  let sawComplex = false;
  let sawBigInt = false;
  const types: Array<{ dtype: DType; weakType: boolean }> = [];
  let strong = false;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const e of v) visit(e);
      return;
    }
    if (typeof v === "boolean") {
      sawBool = true;
      types.push({ dtype: "bool", weakType: false });
    } else if (typeof v === "number") {
      sawNumber = true;
      types.push(typeOfValue(v));
    } else if (typeof v === "bigint") {
      // A JS bigint is an integer, as a Python int (weak int64 under x64).
      sawNumber = true;
      sawBigInt = true;
      types.push({ dtype: defaultInt(), weakType: true });
    } else if (isComplexValue(v)) {
      sawComplex = true;
      types.push(typeOfValue(v));
    } else if (v instanceof NDArray) {
      if (v.dtype === "bool") sawBool = true;
      else sawNumber = true;
      types.push({ dtype: v.dtype, weakType: v.weakType });
      if (!v.weakType) strong = true;
    } else throw badValue(v, `${what} (element)`);
  };
  visit(x);
  if (strong) {
    checkStrictPromotion(types);
    return promoteTypes(types).dtype;
  }
  if (sawComplex) return defaultComplex();
  if (sawBigInt) return defaultInt();
  return sawNumber || !sawBool ? defaultFloat() : "bool";
}

/** Whether a nested list holds a traced array (then it is built with array operations, not on the host). */
function holdsTracer(x: unknown[]): boolean {
  return x.some((e) => (Array.isArray(e) ? holdsTracer(e) : e instanceof NDArray && e.isTracer));
}

/**
 * A nested list holding tracers, as an array: each element converted to the
 * dtype and stacked, so it works under every transformation
 * (`jit((x, y) => jnp.array([x, y]))`, `jnp.sin([x, 2])` under grad).
 */
function nestedWithTracers(data: unknown[], dtype: DType | undefined, what: string): NDArray {
  const shape = nestedShape(data, what);
  checkShape(shape, `${what} shape`);
  const d = dtype ?? inferNestedDType(data, what);
  const leaves: unknown[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else leaves.push(v);
  };
  collect(data);
  const parts = leaves.map((l) => {
    if (l instanceof NDArray) return l.dtype === d && !l.weakType ? l : ops.astype(l, d);
    return scalarArray(typeof l === "boolean" ? (l ? 1 : 0) : (l as number | bigint | Complex), d, false);
  });
  return ops.reshape(ops.stack(parts, 0), shape);
}

/**
 * jnp.array/asarray of any data: concrete data is built on the host
 * (arrayFromJs); a nested list holding tracers with array operations; a
 * tracer is cast. Always strongly typed.
 */
export function arrayFromData(data: unknown, dtype?: DType, what = "array"): NDArray {
  const target = dtype !== undefined ? canonicalize(dtype) : undefined;
  if (data instanceof NDArray && data.isTracer)
    return target === undefined || target === data.dtype ? (data.weakType ? ops.astype(data, data.dtype) : data) : ops.astype(data, target);
  if (Array.isArray(data) && holdsTracer(data)) return nestedWithTracers(data, target, what);
  return arrayFromJs(data, target, what);
}

/** Shape of a nested JS array, checking it is rectangular. */
function nestedShape(x: unknown, what: string): number[] {
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  if (cur instanceof NDArray) shape.push(...cur.shape);
  const check = (v: unknown, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (Array.isArray(v)) throw ragged(what, path);
      return;
    }
    if (v instanceof NDArray) {
      const rest = shape.slice(dim);
      if (v.shape.length !== rest.length || v.shape.some((d, i) => d !== rest[i])) throw ragged(what, path);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) throw ragged(what, path);
    v.forEach((e, i) => check(e, dim + 1, `${path}[${i}]`));
  };
  check(x, 0, "");
  return shape;
}

function ragged(what: string, path: string): Error {
  return new ValueError(
    `${what}: setting an array element with a sequence. The requested array has an inhomogeneous shape ` +
      `(a ragged nested array); the element at ${path || "the top level"} does not match the shape of its siblings.`,
  );
}

type Leaf = number | bigint | Complex;

function flattenNested(x: unknown, out: Leaf[]): void {
  if (Array.isArray(x)) {
    for (const e of x) flattenNested(e, out);
    return;
  }
  if (x instanceof NDArray) {
    const a = x as ArrayImpl;
    const d = a.hostData();
    if (isComplex(a.dtype)) for (let i = 0; i < d.length; i += 2) out.push({ re: d[i] as number, im: d[i + 1] as number });
    else for (let i = 0; i < d.length; i++) out.push(d[i]);
    return;
  }
  out.push(typeof x === "boolean" ? (x ? 1 : 0) : (x as Leaf));
}

/**
 * Host data cast into dtype's storage. Complex dtypes store interleaved
 * (re, im) pairs; a complex value cast to a real dtype keeps its real part
 * (as NumPy's astype, with its ComplexWarning left out).
 */
export function castHost(values: globalThis.ArrayLike<Leaf> | NumList, dtype: DType): StorageArray {
  if (isBigIntDType(dtype)) return castHost64(values, dtype);
  const Ctor = kernelCtor(dtype);
  if (isComplex(dtype)) {
    const out = new Ctor(2 * values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const [re, im] = typeof v === "number" ? [v, 0] : typeof v === "bigint" ? [bigToNumber(v, dtype), 0] : [v.re, v.im];
      out[2 * i] = castScalar(re, dtype);
      out[2 * i + 1] = castScalar(im, dtype);
    }
    return out;
  }
  // A typed array of numbers into float storage: the typed array's own conversion rounds as castScalar does
  // (element by element, castScalar's dtype tests cost ~50 ns each: 5 ms for 1e5 values).
  if (ArrayBuffer.isView(values) && !(values instanceof BigInt64Array || values instanceof BigUint64Array)) {
    if (dtype === "float32") return new Float32Array(values as globalThis.ArrayLike<number>);
    if (dtype === "float64") return new Float64Array(values as globalThis.ArrayLike<number>);
  }
  const out = new Ctor(values.length);
  // JS integers into the sub-byte integers wrap, as Python ints do in jnp.array([9], jnp.int4).
  const wrap = isLowpInt(dtype) ? dtype : null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "bigint") {
      out[i] = isInteger(dtype) || dtype === "bool" ? Number(wrapSmall(v, dtype)) : bigToNumber(v, dtype);
      continue;
    }
    const x = typeof v === "number" ? v : v.re;
    out[i] = wrap && Number.isInteger(x) ? wrapLowpInt(x, wrap) : castScalar(x, dtype);
  }
  return out;
}

/** A bigint into a narrower integer dtype: wrapped, as an int → int convert. */
function wrapSmall(v: bigint, d: DType): bigint {
  if (d === "bool") return v !== 0n ? 1n : 0n;
  if (isLowpInt(d)) return BigInt(wrapLowpInt(Number(BigInt.asIntN(32, v)), d));
  const bits = 8 * itemsize(d);
  return isUnsigned(d) ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}

/** A bigint as a float dtype's value (float32 and narrower: one rounding from the exact integer). */
function bigToNumber(v: bigint, d: DType): number {
  if (d === "float64" || d === "complex128") return Number(v);
  return castScalar(bigToFloat32(v), d);
}

/** Host values into int64/uint64 storage: numbers truncate and saturate (XLA's float → int); bigints must fit. */
function castHost64(values: globalThis.ArrayLike<Leaf> | NumList, dtype: DType): BigIntArray {
  const out = alloc64(values.length, dtype);
  const w = words(out);
  const u = dtype === "uint64";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "bigint") out[i] = checkBigInt(v, dtype);
    else putNumber(w, i, typeof v === "number" ? v : v.re, u);
  }
  return out;
}

/** Integer storage converted to another integer dtype, wrapping as XLA's int → int convert (exact for 64-bit). */
function convertIntHost(host: StorageArray, d: DType): StorageArray {
  if (isBigIntDType(d)) {
    const out = alloc64(host.length, d);
    for (let i = 0; i < host.length; i++) out[i] = wrapBig(BigInt(host[i]), d);
    return out;
  }
  if (host instanceof BigInt64Array || host instanceof BigUint64Array) {
    const out = new (kernelCtor(d))(host.length);
    for (let i = 0; i < host.length; i++) out[i] = Number(wrapSmall(host[i], d));
    return out;
  }
  return castHost(
    Array.from(host, (v) => wrapInt(v, d)),
    d,
  );
}

/** A complex array's storage as a list of complex values (to re-cast on the host). */
function complexLeaves(d: StorageArray): Complex[] {
  const out: Complex[] = [];
  for (let i = 0; i < d.length; i += 2) out.push({ re: d[i] as number, im: d[i + 1] as number });
  return out;
}

/**
 * jnp.array semantics: numbers give float32 unless dtype says otherwise,
 * booleans give bool, typed arrays keep their type. Always a new strong-typed array.
 */
export function arrayFromJs(data: unknown, dtype?: DType, what = "array"): ArrayImpl {
  const target = dtype !== undefined ? canonicalize(dtype) : undefined;
  if (data instanceof NDArray) {
    if (data.isTracer) throw new JaxTypeError(`${what}: expected a concrete array, got a traced value`);
    const a = data as ArrayImpl;
    const d = target ?? a.dtype;
    const host = a.hostData();
    // int → int wraps (two's complement), as XLA's convert; float → int saturates (castHost).
    if (isInteger(a.dtype) && isInteger(d)) return ArrayImpl.fromHost(convertIntHost(host, d), a.shape, d, false);
    return ArrayImpl.fromHost(
      castHost(isComplex(a.dtype) ? complexLeaves(host) : (host as globalThis.ArrayLike<Leaf>), d),
      a.shape,
      d,
      false,
    );
  }
  if (typeof data === "bigint") {
    const d = target ?? defaultInt();
    return scalarArray(data, d, false);
  }
  if (typeof data === "number" || typeof data === "boolean") {
    const d = target ?? (typeof data === "boolean" ? "bool" : defaultFloat());
    return ArrayImpl.fromHost(castHost([typeof data === "boolean" ? (data ? 1 : 0) : data], d), [], d, false);
  }
  if (isComplexValue(data)) {
    const d = target ?? "complex64";
    return ArrayImpl.fromHost(castHost([data], d), [], d, false);
  }
  if (isTypedArray(data)) {
    const d = target ?? typedArrayDType(data);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      // 64-bit integers convert as XLA's int → int (wrapping), or to the nearest float.
      if (isInteger(d) || d === "bool") return ArrayImpl.fromHost(convertIntHost(data, d), [data.length], d, false);
      return ArrayImpl.fromHost(castHost(Array.from(data as globalThis.ArrayLike<bigint>), d), [data.length], d, false);
    }
    return ArrayImpl.fromHost(castHost(data, d), [data.length], d, false);
  }
  if (Array.isArray(data)) {
    const shape = nestedShape(data, what);
    checkShape(shape, `${what} shape`);
    const flat: Leaf[] = [];
    flattenNested(data, flat);
    const d = target ?? inferNestedDType(data, what);
    return ArrayImpl.fromHost(castHost(flat, d), shape, d, false);
  }
  throw badValue(data, what);
}

/** A scalar JS number (or bigint) as a (weak or strong) 0-d array of the given dtype. */
export function scalarArray(x: number | bigint | Complex, dtype: DType, weakType: boolean): ArrayImpl {
  if (typeof x === "bigint") {
    // A bigint is a Python int: it must fit an integer dtype (checked by castHost), else it converts as a value.
    if (isInteger(dtype) && !isBigIntDType(dtype)) {
      const bits = isLowpInt(dtype) ? 64 : 8 * itemsize(dtype);
      const lo = isUnsigned(dtype) ? 0n : -(2n ** BigInt(bits - 1));
      const hi = isUnsigned(dtype) ? 2n ** BigInt(bits) - 1n : 2n ** BigInt(bits - 1) - 1n;
      if (x < lo || x > hi) throw new ValueError(`Python-style int ${x} too large to convert to ${dtype}`);
    }
    return ArrayImpl.fromHost(castHost([x], dtype), [], dtype, weakType);
  }
  if (typeof x !== "number") return ArrayImpl.fromHost(castHost([x], dtype), [], dtype, weakType);
  // Sub-byte integers take a weak int modulo their range, as JAX does (int4 array + 100 wraps).
  if (isLowpInt(dtype) && Number.isInteger(x)) return ArrayImpl.fromHost(castHost([wrapLowpInt(x, dtype)], dtype), [], dtype, weakType);
  if (!isFloat(dtype) && !isComplex(dtype) && Number.isFinite(x) && dtype !== "bool") {
    const bits = 8 * itemsize(dtype);
    const lo = isUnsigned(dtype) ? 0 : -(2 ** (bits - 1));
    const hi = isUnsigned(dtype) ? 2 ** bits - 1 : 2 ** (bits - 1) - 1;
    if (Number.isInteger(x) && (x < lo || x > hi)) {
      throw new ValueError(`Python-style int ${x} too large to convert to ${dtype}`);
    }
  }
  return ArrayImpl.fromHost(castHost([x], dtype), [], dtype, weakType);
}

/** An operand for arithmetic: arrays pass through; JS numbers become weak scalars. */
export function asOperand(x: ArrayLike, what = "argument"): NDArray {
  if (x instanceof NDArray) return x;
  if (typeof x === "number" || typeof x === "bigint" || isComplexValue(x)) {
    const t = typeOfValue(x);
    return scalarArray(x, t.dtype, true);
  }
  return arrayFromData(x, undefined, what);
}

export function zerosHost(shape: number[], dtype: DType): ArrayImpl {
  const n = shape.reduce((a, b) => a * b, 1) * (isComplex(dtype) ? 2 : 1);
  return ArrayImpl.fromHost(new (storageCtor(dtype))(n), shape, dtype, false, getBackend());
}
