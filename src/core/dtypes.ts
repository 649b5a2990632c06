// Dtypes, JAX's type-promotion lattice with weak types, and x64 canonicalisation.
import { config } from "./config.ts";
import { JaxTypeError } from "./errors.ts";
import { warn } from "./warn.ts";
import {
  FLOAT_FORMATS,
  INT_RANGES,
  LOWP_DTYPES,
  LOWP_FLOATS,
  LOWP_INTS,
  type LowpDType,
  isLowp,
  isLowpFloat,
  isLowpInt,
  roundToLowpFloat,
  saturateLowpInt,
  wrapLowpInt,
} from "./lowp.ts";

export type DType =
  | "float32"
  | "float16"
  | "float64"
  | "int32"
  | "int64"
  | "uint32"
  | "bool"
  | "complex64"
  | "complex128"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "bfloat16"
  | "uint64"
  | LowpDType;
export const DTYPES: readonly DType[] = [
  "bool",
  "int32",
  "uint32",
  "int64",
  "float16",
  "float32",
  "float64",
  "complex64",
  "complex128",
  "int8",
  "uint8",
  "int16",
  "uint16",
  "bfloat16",
  "uint64",
  ...LOWP_DTYPES,
];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Int16Array | Uint16Array;
/** 64-bit integer storage: int64 in a BigInt64Array, uint64 in a BigUint64Array (the exact two's-complement bits). */
export type BigIntArray = BigInt64Array | BigUint64Array;
/** An array's data in jaxts's storage format (see storageCtor). */
export type StorageArray = TypedArray | BigIntArray;

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

/** What kind of number a dtype holds. */
export type DTypeKind = "bool" | "int" | "uint" | "float" | "complex";

/** Everything about a dtype in one row; the predicates below derive from it. */
export interface DTypeInfo {
  readonly name: DType;
  readonly kind: DTypeKind;
  /** Bytes of one element as JAX counts them (float16: 2). */
  readonly itemsize: number;
  /** Real numbers per element (a complex dtype would have 2). */
  readonly lanes: number;
  /** Bytes of one element in jaxts's storage format (float16 lives in float32 slots). */
  readonly storageBytes: number;
  /** Short name used in avals: f32[3], i32[], bool[2]. */
  readonly short: string;
}

// The ml_dtypes formats (lowp.ts): one byte each as JAX counts; floats in float32 slots, integers in int8/uint8 ones.
const LOWP_INFO = Object.fromEntries([
  // Short names as JAX's jaxprs print them: f8_e4m3fn, i4, u2.
  ...LOWP_FLOATS.map((d) => [d, { name: d, kind: "float", itemsize: 1, lanes: 1, storageBytes: 4, short: d.replace("float", "f") }]),
  ...LOWP_INTS.map((d) => [
    d,
    {
      name: d,
      kind: INT_RANGES[d].min < 0 ? "int" : "uint",
      itemsize: 1,
      lanes: 1,
      storageBytes: 1,
      short: d.replace("uint", "u").replace("int", "i"),
    },
  ]),
]) as Record<LowpDType, DTypeInfo>;

const INFO: Readonly<Record<DType, DTypeInfo>> = {
  ...LOWP_INFO,
  bool: { name: "bool", kind: "bool", itemsize: 1, lanes: 1, storageBytes: 1, short: "bool" },
  int32: { name: "int32", kind: "int", itemsize: 4, lanes: 1, storageBytes: 4, short: "i32" },
  uint32: { name: "uint32", kind: "uint", itemsize: 4, lanes: 1, storageBytes: 4, short: "u32" },
  int64: { name: "int64", kind: "int", itemsize: 8, lanes: 1, storageBytes: 8, short: "i64" },
  float16: { name: "float16", kind: "float", itemsize: 2, lanes: 1, storageBytes: 4, short: "f16" },
  float32: { name: "float32", kind: "float", itemsize: 4, lanes: 1, storageBytes: 4, short: "f32" },
  float64: { name: "float64", kind: "float", itemsize: 8, lanes: 1, storageBytes: 8, short: "f64" },
  // Complex numbers are stored as interleaved (re, im) pairs of their real dtype.
  complex64: { name: "complex64", kind: "complex", itemsize: 8, lanes: 2, storageBytes: 8, short: "c64" },
  complex128: { name: "complex128", kind: "complex", itemsize: 16, lanes: 2, storageBytes: 16, short: "c128" },
  int8: { name: "int8", kind: "int", itemsize: 1, lanes: 1, storageBytes: 1, short: "i8" },
  uint8: { name: "uint8", kind: "uint", itemsize: 1, lanes: 1, storageBytes: 1, short: "u8" },
  int16: { name: "int16", kind: "int", itemsize: 2, lanes: 1, storageBytes: 2, short: "i16" },
  uint16: { name: "uint16", kind: "uint", itemsize: 2, lanes: 1, storageBytes: 2, short: "u16" },
  // bfloat16 lives in float32 slots holding values already rounded to bfloat16, as float16 does.
  bfloat16: { name: "bfloat16", kind: "float", itemsize: 2, lanes: 1, storageBytes: 4, short: "bf16" },
  // uint64 (x64 only): 64-bit integers, as int64.
  uint64: { name: "uint64", kind: "uint", itemsize: 8, lanes: 1, storageBytes: 8, short: "u64" },
};

export function dtypeInfo(d: DType): DTypeInfo {
  return INFO[d];
}

export function isFloat(d: DType): boolean {
  return INFO[d].kind === "float";
}
export function isComplex(d: DType): boolean {
  return INFO[d].kind === "complex";
}
/** Float or complex (JAX's `inexact`). */
export function isInexact(d: DType): boolean {
  return INFO[d].kind === "float" || INFO[d].kind === "complex";
}
/** Real numbers per element in storage (2 for complex: re, im interleaved). */
export function lanesOf(d: DType): number {
  return INFO[d].lanes;
}
/** The real dtype of a complex one's parts (complex64 → float32); other dtypes map to themselves. */
export function realDType(d: DType): DType {
  return d === "complex64" ? "float32" : d === "complex128" ? "float64" : d;
}
/** The complex dtype with parts of float dtype `d` (float64 → complex128, others → complex64). */
export function complexDType(d: DType): DType {
  if (isComplex(d)) return d;
  return d === "float64" ? "complex128" : "complex64";
}

export function isInteger(d: DType): boolean {
  return INFO[d].kind === "int" || INFO[d].kind === "uint";
}
export function isSigned(d: DType): boolean {
  return INFO[d].kind === "int";
}
export function isUnsigned(d: DType): boolean {
  return INFO[d].kind === "uint";
}
/** Bytes per element in storage format (see storageCtor). */
export function storageBytes(d: DType): number {
  return INFO[d].storageBytes;
}
export function itemsize(d: DType): number {
  return INFO[d].itemsize;
}
/** Short name used in avals: f32[3], i32[], bool[2]. */
export function shortName(d: DType): string {
  return INFO[d].short;
}

/**
 * Host storage of each dtype. float16 is stored in a Float32Array holding
 * values already rounded to float16; int64/uint64 in a BigInt64Array /
 * BigUint64Array holding the exact 64-bit integers.
 */
export function storageCtor(d: DType): { new (n: number): StorageArray } {
  if (d === "int64") return BigInt64Array;
  if (d === "uint64") return BigUint64Array;
  return kernelCtor(d);
}

/** Whether a dtype is stored as 64-bit integers (int64, uint64). */
export function isBigIntDType(d: DType): boolean {
  return d === "int64" || d === "uint64";
}

/**
 * The number array the reference kernels compute in for each dtype: the
 * storage format, except int64/uint64, which those kernels see as doubles
 * in a Float64Array (src/backend/js/int64_boundary.ts converts at the kernel
 * boundary; the 64-bit kernels of int64_kernels.ts work on the storage).
 */
export function kernelCtor(d: DType): { new (n: number): TypedArray; new (xs: ArrayLike<number>): TypedArray } {
  if (isLowpFloat(d)) return Float32Array;
  if (isLowpInt(d)) return INT_RANGES[d].min < 0 ? Int8Array : Uint8Array;
  switch (d) {
    case "float32":
    case "float16":
    case "bfloat16":
    case "complex64":
      return Float32Array;
    case "float64":
    case "int64":
    case "uint64":
    case "complex128":
      return Float64Array;
    case "int32":
      return Int32Array;
    case "uint32":
      return Uint32Array;
    case "bool":
    case "uint8":
      return Uint8Array;
    case "int8":
      return Int8Array;
    case "int16":
      return Int16Array;
    case "uint16":
      return Uint16Array;
  }
}

let warnedX64 = false;
/** Map a requested dtype to the one actually used (float64 → float32 without x64), as JAX does. */
export function canonicalize(d: DType): DType {
  if (config.enableX64) return d;
  if (d === "float64" || d === "int64" || d === "uint64" || d === "complex128") {
    const to = canonicalizeQuiet(d);
    if (!warnedX64) {
      warnedX64 = true;
      warn(
        `Explicitly requested dtype ${d} requested in jaxts is not available, and will be truncated to dtype ${to}. To enable more dtypes, set config.update("enableX64", true).`,
      );
    }
    return to;
  }
  return d;
}
/** Canonicalise silently (for internal promotion results). */
export function canonicalizeQuiet(d: DType): DType {
  if (config.enableX64) return d;
  if (d === "float64") return "float32";
  if (d === "int64") return "int32";
  if (d === "uint64") return "uint32";
  if (d === "complex128") return "complex64";
  return d;
}

/**
 * JAX's to_inexact_dtype: bool and integers up to 32 bits become float32
 * (under x64 too), 64-bit integers float64 (float32 without x64); inexact
 * dtypes stay; weakly typed values take the default float.
 */
export function toInexactDType(d: DType, weak = false): DType {
  if (isFloat(d) || isComplex(d)) return d;
  if (weak) return defaultFloat();
  return canonicalizeQuiet(d === "int64" || d === "uint64" ? "float64" : "float32");
}

/** JAX's to_floating_dtype: to_inexact_dtype, then a complex dtype's real part. */
export function toFloatingDType(d: DType, weak = false): DType {
  const x = toInexactDType(d, weak);
  return x === "complex128" ? "float64" : x === "complex64" ? "float32" : x;
}

export function defaultFloat(): DType {
  return config.enableX64 ? "float64" : "float32";
}
export function defaultComplex(): DType {
  return config.enableX64 ? "complex128" : "complex64";
}
/** JAX's default unsigned integer (jnp.uint): uint64 under x64, else uint32. */
export function defaultUint(): DType {
  return config.enableX64 ? "uint64" : "uint32";
}
export function defaultInt(): DType {
  return config.enableX64 ? "int64" : "int32";
}

/** The dtype a dtype object (`jnp.float32`) stands for, under this key. */
export const DTYPE_OF: unique symbol = Symbol.for("jaxts.dtype") as never;
/** A dtype name, or a dtype object such as `jnp.float32` (numpy/dtype_objects.ts). */
export type DTypeLike = DType | { readonly [DTYPE_OF]: DType };

/** The dtype a dtype-like value names (a dtype string or a dtype object such as jnp.float32), or null. */
export function dtypeOfLike(d: unknown): DType | null {
  if (isDType(d)) return d;
  const inner = typeof d === "function" || (typeof d === "object" && d !== null) ? (d as { [DTYPE_OF]?: unknown })[DTYPE_OF] : undefined;
  return isDType(inner) ? inner : null;
}

export function parseDType(d: unknown, what = "dtype"): DType {
  const named = dtypeOfLike(d);
  if (named !== null) return named;
  throw new JaxTypeError(`${what} must be one of ${DTYPES.join(", ")}; got ${JSON.stringify(d)}`);
}

// ---- promotion lattice (JAX's jax._src.dtypes._type_promotion_lattice) ----
// Nodes include dtypes we do not expose (u8, i8, ...) so that joins such as
// int32 ∨ uint32 = int64 come out exactly as in JAX.
type Node =
  | "b1"
  | "i*"
  | "f*"
  | "c*"
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "i8"
  | "i16"
  | "i32"
  | "i64"
  | "f16"
  | "bf16"
  | "f32"
  | "f64"
  | "c64"
  | "c128"
  | LowpDType;
const edges: Record<Node, Node[]> = {
  // The ml_dtypes types are leaves: above weak ints/floats, below nothing (no implicit promotion).
  ...(Object.fromEntries(LOWP_DTYPES.map((d) => [d, []])) as unknown as Record<LowpDType, Node[]>),
  b1: ["i*"],
  "i*": ["u8", "i8", ...LOWP_INTS],
  u8: ["i16", "u16"],
  u16: ["i32", "u32"],
  u32: ["i64", "u64"],
  u64: ["f*"],
  i8: ["i16"],
  i16: ["i32"],
  i32: ["i64"],
  i64: ["f*"],
  "f*": ["f16", "bf16", "c*", ...LOWP_FLOATS],
  f16: ["f32"],
  bf16: ["f32"],
  f32: ["f64", "c64"],
  f64: ["c128"],
  "c*": ["c64"],
  c64: ["c128"],
  c128: [],
};
const upperBounds = new Map<Node, Set<Node>>();
for (const n of Object.keys(edges) as Node[]) {
  const seen = new Set<Node>([n]);
  const stack = [n];
  while (stack.length)
    for (const m of edges[stack.pop()!])
      if (!seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
  upperBounds.set(n, seen);
}

function toNode(d: DType, weak: boolean): Node {
  if (weak) {
    if (isFloat(d)) return "f*";
    if (isComplex(d)) return "c*";
    if (d !== "bool") return "i*";
  }
  if (isLowp(d)) return d;
  switch (d) {
    case "bool":
      return "b1";
    case "int32":
      return "i32";
    case "int64":
      return "i64";
    case "uint32":
      return "u32";
    case "float16":
      return "f16";
    case "float32":
      return "f32";
    case "float64":
      return "f64";
    case "complex64":
      return "c64";
    case "complex128":
      return "c128";
    case "int8":
      return "i8";
    case "uint8":
      return "u8";
    case "int16":
      return "i16";
    case "uint16":
      return "u16";
    case "bfloat16":
      return "bf16";
    case "uint64":
      return "u64";
  }
}

function fromNode(n: Node): [DType, boolean] {
  if (isLowp(n)) return [n, false];
  switch (n) {
    case "b1":
      return ["bool", false];
    case "i*":
      return [defaultInt(), true];
    case "f*":
      return [defaultFloat(), true];
    case "i32":
      return ["int32", false];
    case "i64":
      return ["int64", false];
    case "u64":
      return ["uint64", false];
    case "u32":
      return ["uint32", false];
    case "i8":
      return ["int8", false];
    case "i16":
      return ["int16", false];
    case "u8":
      return ["uint8", false];
    case "u16":
      return ["uint16", false];
    case "f16":
      return ["float16", false];
    case "bf16":
      return ["bfloat16", false];
    case "f32":
      return ["float32", false];
    case "f64":
      return ["float64", false];
    case "c*":
      return [defaultComplex(), true];
    case "c64":
      return ["complex64", false];
    case "c128":
      return ["complex128", false];
  }
}

/** JAX's result_type over (dtype, weakType) pairs: the least upper bound in the lattice. */
/** Joins already computed, by the operands' lattice nodes (and x64 mode): eager ops promote on every call. */
const joins = new Map<string, Readonly<{ dtype: DType; weakType: boolean }>>();

export function promoteTypes(types: ReadonlyArray<{ dtype: DType; weakType: boolean }>): { dtype: DType; weakType: boolean } {
  if (types.length === 0) throw new Error("promoteTypes needs at least one type");
  let key = config.enableX64 ? "x64" : "x32";
  for (const t of types) key += `,${toNode(t.dtype, t.weakType)}`;
  let join = joins.get(key);
  if (join === undefined) {
    join = Object.freeze(latticeJoin(types));
    if (joins.size < 4096) joins.set(key, join);
  }
  return { dtype: join.dtype, weakType: join.weakType };
}

function latticeJoin(types: ReadonlyArray<{ dtype: DType; weakType: boolean }>): { dtype: DType; weakType: boolean } {
  const nodes = [...new Set(types.map((t) => toNode(t.dtype, t.weakType)))];
  let common: Node[] = [...upperBounds.get(nodes[0])!];
  for (const n of nodes.slice(1)) {
    const ub = upperBounds.get(n)!;
    common = common.filter((c) => ub.has(c));
  }
  // The join is the element of `common` that is below every other one.
  const join = common.find((c) => common.every((o) => upperBounds.get(c)!.has(o)));
  if (!join && nodes.some(isLowp)) throw new JaxTypeError(lowpPromotionMessage(types.map((t) => t.dtype)));
  if (!join) throw new JaxTypeError(`no common dtype for ${types.map((t) => t.dtype).join(", ")}`);
  const [dtype, weakType] = fromNode(join);
  return { dtype: canonicalizeQuiet(dtype), weakType };
}

/** Round a JS number to float16 (round to nearest even), returned as a JS number. */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const ax = Math.abs(x);
  if (ax >= 65520) return x > 0 ? Infinity : -Infinity;
  // Spacing of float16 numbers around ax.
  const e = Math.max(Math.floor(Math.log2(ax)), -14);
  let ulp = 2 ** (e - 10);
  // Guard against log2 rounding at powers of two.
  if (ax >= 2 ** (e + 1)) ulp *= 2;
  const q = ax / ulp;
  let r = Math.round(q);
  if (Math.abs(q - Math.trunc(q) - 0.5) < 1e-12 && r % 2 === 1) r -= 1; // ties to even
  return Math.sign(x) * r * ulp;
}

/** The 16 bits of a float16 or bfloat16 value (one its dtype holds exactly, as the storage does). */
export function halfToBits(v: number, d: "float16" | "bfloat16"): number {
  f32Scratch[0] = v;
  const u = u32Scratch[0];
  if (d === "bfloat16") return u >>> 16;
  const sign = (u >>> 16) & 0x8000;
  const e = (u >>> 23) & 0xff;
  const m = u & 0x7fffff;
  if (e === 0xff) return sign | 0x7c00 | (m ? 0x200 | (m >>> 13) : 0);
  if (e === 0 && m === 0) return sign;
  const e16 = e - 127 + 15;
  if (e16 >= 1) return sign | (e16 << 10) | (m >>> 13);
  // Subnormal in float16: the value is a multiple of 2^-24.
  return sign | Math.round(Math.abs(v) * 2 ** 24);
}

/** The float16 or bfloat16 value of 16 bits. */
export function halfFromBits(b: number, d: "float16" | "bfloat16"): number {
  if (d === "bfloat16") {
    u32Scratch[0] = (b & 0xffff) << 16;
    return f32Scratch[0];
  }
  const sign = b & 0x8000 ? -1 : 1;
  const e = (b >>> 10) & 0x1f;
  const m = b & 0x3ff;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return e === 0 ? sign * m * 2 ** -24 : sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** Cast one JS number into the value set of a dtype (wrapping/truncation as XLA converts). */
export function castScalar(x: number, d: DType): number {
  if (isLowpFloat(d)) return roundToLowpFloat(x, d);
  if (isLowpInt(d)) return saturateLowpInt(x, d);
  switch (d) {
    case "float32":
    case "complex64":
      return Math.fround(x);
    case "complex128":
      return x;
    case "float16":
      return roundToFloat16(x);
    case "bfloat16":
      return roundToBfloat16(x);
    case "float64":
      return x;
    case "bool":
      return x !== 0 ? 1 : 0; // NaN is truthy, as in XLA
    case "int32":
      return floatToInt(x, -2147483648, 2147483647) | 0;
    case "uint32":
      return floatToInt(x, 0, 4294967295) >>> 0;
    case "int64":
      return floatToInt(x, -9223372036854775808, 9223372036854775807);
    case "int8":
      return (floatToInt(x, -128, 127) << 24) >> 24;
    case "uint8":
      return floatToInt(x, 0, 255) & 0xff;
    case "int16":
      return (floatToInt(x, -32768, 32767) << 16) >> 16;
    case "uint16":
      return floatToInt(x, 0, 65535) & 0xffff;
    case "uint64":
      return floatToInt(x, 0, 18446744073709551615);
  }
}

/** Wrap an integer into an integer dtype's range (two's complement), as XLA's int → int conversion does. */
export function wrapInt(x: number, d: DType): number {
  if (isLowpInt(d)) return wrapLowpInt(x, d);
  switch (d) {
    case "int8":
      return (x << 24) >> 24;
    case "uint8":
      return x & 0xff;
    case "int16":
      return (x << 16) >> 16;
    case "uint16":
      return x & 0xffff;
    case "int32":
      return x | 0;
    case "uint32":
      return x >>> 0;
    case "uint64":
      return x < 0 ? x + 2 ** 64 : x; // rounded beyond 2^53, as every 64-bit value here
    case "int64":
      return x >= 2 ** 63 ? x - 2 ** 64 : x;
    default:
      return x;
  }
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);
/** Round a JS number to bfloat16 (the top 16 bits of a float32, round to nearest even), returned as a JS number. */
export function roundToBfloat16(x: number): number {
  if (Number.isNaN(x)) return x;
  f32Scratch[0] = x;
  const b = u32Scratch[0];
  u32Scratch[0] = (b + 0x7fff + ((b >>> 16) & 1)) & 0xffff0000;
  return f32Scratch[0];
}

// XLA's float→int conversion saturates and maps NaN to 0.
function floatToInt(x: number, lo: number, hi: number): number {
  if (Number.isNaN(x)) return 0;
  const t = Math.trunc(x);
  return t < lo ? lo : t > hi ? hi : t;
}

// JAX's TypePromotionError text for the ml_dtypes types, which promote only with weak types and bool.
function lowpPromotionMessage(dtypes: DType[]): string {
  const names = `(${dtypes.map((d) => `'${d}'`).join(", ")})`;
  const floatBits = dtypes.filter(isLowpFloat).map((d) => FLOAT_FORMATS[d].bits);
  const what = floatBits.length ? `${Math.max(...floatBits)}-bit floats` : "1-bit, 2-bit and 4-bit integers";
  const to = floatBits.length ? "float32" : "int32";
  return `Input dtypes ${names} have no available implicit dtype promotion path. To avoid unintended promotion, ${what} do not support implicit promotion. If you'd like your inputs to be promoted to another type, you can do so explicitly using e.g. x.astype('${to}')`;
}
