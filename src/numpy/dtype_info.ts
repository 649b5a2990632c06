// Facts about dtypes, as jnp exposes them: finfo/iinfo, promoteTypes,
// resultType, canCast, issubdtype/isdtype over the abstract dtype classes
// (jnp.floating, jnp.integer, ...), the aliases JAX maps to its dtypes
// (jnp.double, jnp.int_, ...) and the constants pi, e, inf, nan, newaxis.
import { checkStrictPromotion } from "./promotion_flags.ts";
import { typeOfValue } from "../core/convert.ts";
import {
  type DType,
  type DTypeKind,
  DTYPES,
  canonicalizeQuiet,
  dtypeInfo,
  dtypeOfLike,
  isComplex,
  parseDType,
  promoteTypes as join,
  realDType,
  roundToBfloat16,
  roundToFloat16,
} from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import { FLOAT_FORMATS, INT_RANGES, LOWP_FLOATS, LOWP_INTS, type LowpFloat, isLowp, roundToLowpFloat } from "../core/lowp.ts";
import { type DTypeObject, float32, float64, int64, uint64 } from "./dtype_objects.ts";
import { LOWP_SAFE, LOWP_SAME_KIND } from "./lowp_casts.ts";

/** A dtype given as a string, a dtype object (jnp.float32) or an array (its dtype). */
export type DTypeSource = DType | DTypeObject | NDArray | { readonly dtype: DType };

function dtypeOfSource(x: unknown, what: string): DType {
  if (x instanceof NDArray) return x.dtype;
  const d = dtypeOfLike(x);
  if (d !== null) return d;
  if (typeof x === "object" && x !== null && "dtype" in x) {
    const inner = dtypeOfLike((x as { dtype: unknown }).dtype);
    if (inner !== null) return inner;
  }
  throw new JaxTypeError(`${what}: expected a dtype or an array, got ${describe(x)}`);
}

/** Machine limits of a float dtype (numbers, as NumPy's finfo attributes). */
export interface FInfo {
  readonly dtype: DType;
  readonly bits: number;
  readonly eps: number;
  readonly epsneg: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallestNormal: number;
  readonly smallestSubnormal: number;
  readonly resolution: number;
  readonly precision: number;
  readonly nmant: number;
  readonly nexp: number;
  readonly maxexp: number;
  readonly minexp: number;
}

function floatInfo(dtype: DType, bits: number, nmant: number, nexp: number, precision: number): FInfo {
  const round = dtype === "bfloat16" ? roundToBfloat16 : bits === 16 ? roundToFloat16 : bits === 32 ? Math.fround : (x: number) => x;
  const maxexp = 2 ** (nexp - 1);
  const minexp = 3 - maxexp;
  const eps = 2 ** -nmant;
  const tiny = 2 ** (minexp - 1);
  return Object.freeze({
    dtype,
    bits,
    eps,
    epsneg: eps / 2,
    max: (2 - eps) * 2 ** (maxexp - 1),
    min: -(2 - eps) * 2 ** (maxexp - 1),
    tiny,
    smallestNormal: tiny,
    smallestSubnormal: tiny * eps,
    // NumPy stores it in the dtype: float32's is 9.99999997e-7, not 1e-6.
    resolution: round(10 ** -precision),
    precision,
    nmant,
    nexp,
    maxexp,
    minexp: minexp - 1,
  });
}
const FINFO: Partial<Record<DType, FInfo>> = {
  float16: floatInfo("float16", 16, 10, 5, 3),
  bfloat16: floatInfo("bfloat16", 16, 7, 8, 2),
  float32: floatInfo("float32", 32, 23, 8, 6),
  float64: floatInfo("float64", 64, 52, 11, 15),
  ...Object.fromEntries(LOWP_FLOATS.map((d) => [d, lowpFloatInfo(d)])),
};

// ml_dtypes' finfo of a small float format (e8m0 has no sign, so its min is its tiny).
function lowpFloatInfo(dtype: LowpFloat): FInfo {
  const f = FLOAT_FORMATS[dtype];
  const eps = 2 ** -f.mbits;
  const minexp = f.mbits === 0 ? -f.bias : 1 - f.bias;
  const tiny = 2 ** minexp;
  const precision = f.bits === 8 ? 1 : 0;
  return Object.freeze({
    dtype,
    bits: f.bits,
    eps,
    // ml_dtypes gives float6_e2m3fn and float4_e2m1fn an epsneg equal to their eps.
    epsneg: dtype === "float6_e2m3fn" || dtype === "float4_e2m1fn" ? eps : eps / 2,
    max: f.max,
    min: f.mbits === 0 ? tiny : -f.max,
    tiny,
    smallestNormal: tiny,
    smallestSubnormal: 2 ** (minexp - f.mbits),
    resolution: roundToLowpFloat(10 ** -precision, dtype),
    precision,
    nmant: f.mbits,
    nexp: f.ebits,
    maxexp: Math.floor(Math.log2(f.max)) + 1,
    minexp,
  });
}

/** jnp.finfo(dtype): limits of a float dtype (or of an array's dtype). */
export function finfo(dtype: DTypeSource): FInfo {
  const given = dtypeOfSource(dtype, "finfo");
  // A complex dtype's limits are its parts' (NumPy's finfo(complex64) describes float32).
  const d = isComplex(given) ? realDType(given) : given;
  const info = FINFO[d];
  if (!info) throw new ValueError(`data type ${d} not inexact`);
  return info;
}

/** Limits of an integer dtype. */
export interface IInfo {
  readonly dtype: DType;
  readonly bits: number;
  readonly min: number;
  readonly max: number;
}
const IINFO: Partial<Record<DType, IInfo>> = {
  int32: Object.freeze({ dtype: "int32", bits: 32, min: -(2 ** 31), max: 2 ** 31 - 1 }),
  uint32: Object.freeze({ dtype: "uint32", bits: 32, min: 0, max: 2 ** 32 - 1 }),
  int64: Object.freeze({ dtype: "int64", bits: 64, min: -(2 ** 63), max: 2 ** 63 - 1 }),
  int8: Object.freeze({ dtype: "int8", bits: 8, min: -128, max: 127 }),
  uint8: Object.freeze({ dtype: "uint8", bits: 8, min: 0, max: 255 }),
  int16: Object.freeze({ dtype: "int16", bits: 16, min: -32768, max: 32767 }),
  uint16: Object.freeze({ dtype: "uint16", bits: 16, min: 0, max: 65535 }),
  uint64: Object.freeze({ dtype: "uint64", bits: 64, min: 0, max: 2 ** 64 - 1 }),
  ...Object.fromEntries(LOWP_INTS.map((d) => [d, Object.freeze({ dtype: d, ...INT_RANGES[d] })])),
};

/** jnp.iinfo(dtype): limits of an integer dtype (int64's are rounded to JS numbers). */
export function iinfo(dtype: DTypeSource): IInfo {
  const d = dtypeOfSource(dtype, "iinfo");
  const info = IINFO[d];
  if (!info) throw new ValueError(`Invalid integer data type '${d}'.`);
  return info;
}

/** jnp.promote_types(a, b): the dtype both promote to (neither weak). */
export function promoteTypes(a: DTypeSource, b: DTypeSource): DType {
  const types = [a, b].map((x, i) => ({ dtype: dtypeOfSource(x, `promote_types argument ${i}`), weakType: false }));
  checkStrictPromotion(types);
  return join(types).dtype;
}

/** jnp.result_type(...args): arrays, JS numbers (weak) and dtypes, promoted as jnp does. */
export function resultType(...args: Array<ArrayLike | DTypeSource>): DType {
  if (args.length === 0) throw new ValueError("at least one array or dtype is required");
  const types = args.map((x, i) => {
    const d = x instanceof NDArray ? null : dtypeOfLike(x);
    return d !== null ? { dtype: d, weakType: false } : typeOfValue(x as ArrayLike, `result_type argument ${i}`);
  });
  checkStrictPromotion(types);
  return canonicalizeQuiet(join(types).dtype);
}

const SAFE: Partial<Record<DType, DType[]>> = {
  bool: [...DTYPES],
  int32: ["int32", "int64", "float64", "complex128"],
  uint32: ["uint32", "int64", "uint64", "float64", "complex128"],
  int64: ["int64", "float64", "complex128"],
  float16: ["float16", "float32", "float64", "complex64", "complex128"],
  float32: ["float32", "float64", "complex64", "complex128"],
  float64: ["float64", "complex128"],
  complex64: ["complex64", "complex128"],
  complex128: ["complex128"],
  int8: ["int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64", "complex64", "complex128"],
  uint8: [
    "uint8",
    "int16",
    "uint16",
    "int32",
    "uint32",
    "int64",
    "uint64",
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "complex64",
    "complex128",
  ],
  int16: ["int16", "int32", "int64", "float32", "float64", "complex64", "complex128"],
  uint16: ["uint16", "int32", "uint32", "int64", "uint64", "float32", "float64", "complex64", "complex128"],
  bfloat16: ["bfloat16", "float32", "float64", "complex64", "complex128"],
  uint64: ["uint64", "float64", "complex128"],
};
const KIND_ORDER: Record<DTypeKind, number> = { bool: 0, uint: 1, int: 2, float: 3, complex: 4 };

/** jnp.can_cast(from, to, casting = "safe"), as NumPy decides it. */
export function canCast(from: DTypeSource, to: DTypeSource, casting: "no" | "equiv" | "safe" | "same_kind" | "unsafe" = "safe"): boolean {
  const f = dtypeOfSource(from, "can_cast from_");
  const t = dtypeOfSource(to, "can_cast to");
  // NumPy's casts to and from the ml_dtypes types are a table of their own.
  if ((isLowp(f) || isLowp(t)) && (casting === "safe" || casting === "same_kind"))
    return (casting === "safe" ? LOWP_SAFE : LOWP_SAME_KIND)[f]?.includes(t) ?? false;
  switch (casting) {
    case "no":
    case "equiv":
      return f === t;
    case "safe":
      return SAFE[f]!.includes(t);
    case "same_kind": {
      if (SAFE[f]!.includes(t)) return true;
      const [kf, kt] = [dtypeInfo(f).kind, dtypeInfo(t).kind];
      // Within a kind any size goes; unsigned → signed too; signed → unsigned does not.
      // bfloat16 and float16 do not cast to each other.
      if ((f === "bfloat16" && t === "float16") || (f === "float16" && t === "bfloat16")) return false;
      return kf === kt || (KIND_ORDER[kf] < KIND_ORDER[kt] && !(kf === "int" && kt === "uint"));
    }
    case "unsafe":
      return true;
    default:
      throw new ValueError(`casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'; got ${describe(casting)}`);
  }
}

/** An abstract dtype class (jnp.floating, jnp.integer, ...): usable in issubdtype, not as a dtype. */
export interface AbstractDType {
  readonly name: string;
  readonly parent: AbstractDType | null;
  toString(): string;
}
function abstractDType(name: string, parent: AbstractDType | null, kinds: DTypeKind[]): AbstractDType {
  const o = { name, parent, toString: () => name };
  KINDS.set(o, kinds);
  return Object.freeze(o);
}
const KINDS = new Map<AbstractDType, DTypeKind[]>();
export const generic: AbstractDType = abstractDType("generic", null, ["bool", "int", "uint", "float", "complex"]);
export const number: AbstractDType = abstractDType("number", generic, ["int", "uint", "float", "complex"]);
export const inexact: AbstractDType = abstractDType("inexact", number, ["float", "complex"]);
export const floating: AbstractDType = abstractDType("floating", inexact, ["float"]);
export const complexfloating: AbstractDType = abstractDType("complexfloating", inexact, ["complex"]);
export const integer: AbstractDType = abstractDType("integer", number, ["int", "uint"]);
export const signedinteger: AbstractDType = abstractDType("signedinteger", integer, ["int"]);
export const unsignedinteger: AbstractDType = abstractDType("unsignedinteger", integer, ["uint"]);
export const flexible: AbstractDType = abstractDType("flexible", generic, []);
export const character: AbstractDType = abstractDType("character", flexible, []);

const isAbstract = (x: unknown): x is AbstractDType => KINDS.has(x as AbstractDType);

/** jnp.issubdtype(a, b): whether dtype (or class) a is b or below it in NumPy's hierarchy. */
export function issubdtype(a: DTypeSource | AbstractDType, b: DTypeSource | AbstractDType): boolean {
  if (isAbstract(a)) {
    if (!isAbstract(b)) return false;
    for (let c: AbstractDType | null = a; c; c = c.parent) if (c === b) return true;
    return false;
  }
  const d = dtypeOfSource(a, "issubdtype arg1");
  if (isAbstract(b)) return KINDS.get(b)!.includes(dtypeInfo(d).kind);
  return d === dtypeOfSource(b, "issubdtype arg2");
}

const ISDTYPE_KINDS: Record<string, DTypeKind[]> = {
  bool: ["bool"],
  "signed integer": ["int"],
  "unsigned integer": ["uint"],
  integral: ["int", "uint"],
  "real floating": ["float"],
  "complex floating": [],
  numeric: ["int", "uint", "float"],
};

/** jnp.isdtype(dtype, kind): the array API's test; kind a name ("real floating", ...), a dtype, or a list of them. */
export function isdtype(dtype: DTypeSource, kind: string | DTypeSource | Array<string | DTypeSource>): boolean {
  const d = dtypeOfSource(dtype, "isdtype dtype");
  const kinds = Array.isArray(kind) ? kind : [kind];
  return kinds.some((k) => {
    if (typeof k === "string" && k in ISDTYPE_KINDS) return ISDTYPE_KINDS[k].includes(dtypeInfo(d).kind);
    const kd = dtypeOfLike(k);
    if (kd === null) throw new ValueError(`Unrecognized kind: ${describe(k)}`);
    return kd === d;
  });
}

const PY_NAMES: Record<string, DType> = {
  float: "float64",
  int: "int64",
  bool: "bool",
  f2: "float16",
  f4: "float32",
  f8: "float64",
  i4: "int32",
  i8: "int64",
  u4: "uint32",
  i1: "int8",
  u1: "uint8",
  i2: "int16",
  u2: "uint16",
  u8: "uint64",
};

/** jnp.dtype(x): the dtype a name, dtype object or array stands for (not canonicalised, as np.dtype). */
export function dtype(x: DTypeSource | string): DType {
  if (typeof x === "string" && x in PY_NAMES) return PY_NAMES[x];
  if (typeof x === "string") return parseDType(x, "dtype");
  return dtypeOfSource(x, "dtype");
}

// Aliases with the meaning JAX gives them (64-bit ones become 32-bit without x64).
export const double: DTypeObject<"float64"> = float64;
export const single: DTypeObject<"float32"> = float32;
export const float_: DTypeObject<"float64"> = float64;
export const int_: DTypeObject<"int64"> = int64;
/** jnp.uint is uint64 (uint32 without x64). */
export const uint: DTypeObject<"uint64"> = uint64;

export const pi: number = Math.PI;
export const e: number = Math.E;
export const eulerGamma: number = 0.5772156649015329;
export const inf: number = Infinity;
export const nan: number = NaN;
/** jnp.newaxis: null, the index that inserts an axis (`x.get(null, "...")`). */
export const newaxis: null = null;
