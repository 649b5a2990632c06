// The value types kernels compute in, and how they map to dtypes.
import type { DType } from "../core/dtypes.ts";

/**
 * Kernel value types.
 * f64 kernels run scalar code on wasm (float64 appears in float32 programs that
 * emulate fused multiply-adds). i64/u64 (int64/uint64 under x64) compute in
 * 64-bit integers; ktypeOf leaves them out; ktypeFor gives them to targets with `int64Kernels`.
 */
export type KType = "f32" | "f64" | "i32" | "u32" | "bool" | "i64" | "u64" | LowpFloatKType | NarrowIntKType;

/**
 * int8/uint8/int16/uint16 in kernels (targets with `narrowIntKernels`):
 * stored in their own width, computed as i32 values wrapped back into the
 * format after each operation (compiler/narrow_widen.ts).
 */
export type NarrowIntKType = "i8" | "u8" | "i16" | "u16";

const NARROW_INT: Partial<Record<DType, NarrowIntKType>> = { int8: "i8", uint8: "u8", int16: "i16", uint16: "u16" };

/** Whether a kernel type is one of the 8- and 16-bit integers. */
export function isNarrowIntK(t: KType): t is NarrowIntKType {
  return t === "i8" || t === "u8" || t === "i16" || t === "u16";
}

/**
 * float16 / bfloat16 in kernels (targets with `lowpFloatKernels`): values held
 * as float32, each result rounded to the narrow format, as the reference
 * kernels store them.
 */
export type LowpFloatKType = "f16" | "bf16";

/** Whether a kernel type is float16 or bfloat16. */
export function isLowpFloatK(t: KType): t is LowpFloatKType {
  return t === "f16" || t === "bf16";
}

export function ktypeOf(d: DType): KType | null {
  switch (d) {
    case "float32":
      return "f32";
    case "float64":
      return "f64";
    case "int32":
      return "i32";
    case "uint32":
      return "u32";
    case "bool":
      return "bool";
    default:
      return null;
  }
}

export function dtypeOfKType(t: KType): DType {
  if (t === "i64") return "int64";
  if (t === "u64") return "uint64";
  if (t === "f16") return "float16";
  if (t === "bf16") return "bfloat16";
  if (t === "i8" || t === "u8" || t === "i16" || t === "u16") return ({ i8: "int8", u8: "uint8", i16: "int16", u16: "uint16" } as const)[t];
  return t === "f32" ? "float32" : t === "f64" ? "float64" : t === "i32" ? "int32" : t === "u32" ? "uint32" : "bool";
}

/** 64-bit integer kernel types. */
export function is64Int(t: KType): boolean {
  return t === "i64" || t === "u64";
}

/**
 * The kernel type of a dtype on a target: ktypeOf's, plus i64/u64 for
 * int64/uint64 where the target has kernels for them (`int64Kernels`),
 * f16/bf16 for float16/bfloat16 (`lowpFloatKernels`) and i8/u8/i16/u16 for
 * the 8- and 16-bit integers (`narrowIntKernels`).
 */
export function ktypeFor(
  target: { readonly int64Kernels?: boolean; readonly lowpFloatKernels?: boolean; readonly narrowIntKernels?: boolean },
  d: DType,
): KType | null {
  const t = ktypeOf(d);
  if (t === null && target.lowpFloatKernels && (d === "float16" || d === "bfloat16")) return d === "float16" ? "f16" : "bf16";
  if (t === null && target.narrowIntKernels && NARROW_INT[d]) return NARROW_INT[d];
  if (t !== null || !target.int64Kernels) return t;
  return d === "int64" ? "i64" : d === "uint64" ? "u64" : null;
}
