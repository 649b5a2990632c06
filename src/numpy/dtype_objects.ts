// Dtype objects as JAX has them: `jnp.float32` is usable as a dtype argument
// (`jnp.zeros([2], { dtype: jnp.float32 })`, `x.astype(jnp.int32)`) and as a
// cast (`jnp.float32(3)`, `jnp.int32([1.7, 2])`: jnp.array with that dtype).
// `String(jnp.float32) === "float32"` and `jnp.float32.dtype === "float32"`;
// compare an array's dtype with the string (`x.dtype === "float32"`) or with
// `.dtype` (`x.dtype === jnp.float32.dtype`), since `===` cannot see through
// the object as Python's `==` does.
import { DTYPE_OF, type DType } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { array } from "./creation.ts";

/** A dtype usable as a dtype argument and as a cast: `jnp.float32(x)`. */
export interface DTypeObject<D extends DType = DType> {
  (x: ArrayLike): NDArray;
  /** The dtype's name, as arrays report it (`x.dtype`). */
  readonly dtype: D;
  readonly name: D;
  readonly [DTYPE_OF]: D;
  toString(): D;
}

export function dtypeObject<D extends DType>(d: D): DTypeObject<D> {
  const cast = (x: ArrayLike): NDArray => array(x, { dtype: d });
  Object.defineProperty(cast, "name", { value: d });
  Object.defineProperties(cast, {
    dtype: { value: d, enumerable: true },
    [DTYPE_OF]: { value: d },
    toString: { value: () => d },
    [Symbol.toPrimitive]: { value: () => d },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: () => `dtype('${d}')` },
  });
  return cast as unknown as DTypeObject<D>;
}

export const float32: DTypeObject<"float32"> = dtypeObject("float32");
export const float16: DTypeObject<"float16"> = dtypeObject("float16");
/** float64: float32 unless `config.update("enableX64", true)`, as in JAX. */
export const float64: DTypeObject<"float64"> = dtypeObject("float64");
export const int32: DTypeObject<"int32"> = dtypeObject("int32");
/** int64: int32 unless `config.update("enableX64", true)`, as in JAX. */
export const int64: DTypeObject<"int64"> = dtypeObject("int64");
export const uint32: DTypeObject<"uint32"> = dtypeObject("uint32");
export const bool: DTypeObject<"bool"> = dtypeObject("bool");
export const int8: DTypeObject<"int8"> = dtypeObject("int8");
export const uint8: DTypeObject<"uint8"> = dtypeObject("uint8");
export const int16: DTypeObject<"int16"> = dtypeObject("int16");
export const uint16: DTypeObject<"uint16"> = dtypeObject("uint16");
export const bfloat16: DTypeObject<"bfloat16"> = dtypeObject("bfloat16");
/** uint64: uint32 unless `config.update("enableX64", true)`, as in JAX. */
export const uint64: DTypeObject<"uint64"> = dtypeObject("uint64");
/** JAX's older spelling of jnp.bool. */
export const bool_: DTypeObject<"bool"> = bool;
// The ml_dtypes types (core/lowp.ts): float8/float6/float4 formats and sub-byte integers.
export const float8_e4m3fn: DTypeObject<"float8_e4m3fn"> = dtypeObject("float8_e4m3fn");
export const float8_e5m2: DTypeObject<"float8_e5m2"> = dtypeObject("float8_e5m2");
export const float8_e4m3: DTypeObject<"float8_e4m3"> = dtypeObject("float8_e4m3");
export const float8_e3m4: DTypeObject<"float8_e3m4"> = dtypeObject("float8_e3m4");
export const float8_e4m3fnuz: DTypeObject<"float8_e4m3fnuz"> = dtypeObject("float8_e4m3fnuz");
export const float8_e5m2fnuz: DTypeObject<"float8_e5m2fnuz"> = dtypeObject("float8_e5m2fnuz");
export const float8_e4m3b11fnuz: DTypeObject<"float8_e4m3b11fnuz"> = dtypeObject("float8_e4m3b11fnuz");
export const float8_e8m0fnu: DTypeObject<"float8_e8m0fnu"> = dtypeObject("float8_e8m0fnu");
export const float6_e2m3fn: DTypeObject<"float6_e2m3fn"> = dtypeObject("float6_e2m3fn");
export const float6_e3m2fn: DTypeObject<"float6_e3m2fn"> = dtypeObject("float6_e3m2fn");
export const float4_e2m1fn: DTypeObject<"float4_e2m1fn"> = dtypeObject("float4_e2m1fn");
export const int4: DTypeObject<"int4"> = dtypeObject("int4");
export const uint4: DTypeObject<"uint4"> = dtypeObject("uint4");
export const int2: DTypeObject<"int2"> = dtypeObject("int2");
export const uint2: DTypeObject<"uint2"> = dtypeObject("uint2");
export const int1: DTypeObject<"int1"> = dtypeObject("int1");
export const uint1: DTypeObject<"uint1"> = dtypeObject("uint1");
