// The value types kernels compute in, and how they map to dtypes.
import type { DType } from "../core/dtypes.ts";

/**
 * Kernel value types (float16 and int64 stay on the reference path). f64
 * kernels run scalar code on wasm (float64 appears in float32 programs that
 * emulate fused multiply-adds).
 */
export type KType = "f32" | "f64" | "i32" | "u32" | "bool";

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
  return t === "f32" ? "float32" : t === "f64" ? "float64" : t === "i32" ? "int32" : t === "u32" ? "uint32" : "bool";
}
