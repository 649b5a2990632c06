// The wasm backend as the compiler sees it (compiler/target.ts): what a
// kernel may contain (the code generator's op table), float64 kernels as
// scalar code, float32 GEMMs, loops compiled whole, int64/uint64 kernels
// (scalar, see codegen/int64.ts), float16/bfloat16 kernels as rounded float32,
// 8- and 16-bit integer kernels as wrapped int32.
import type { Target } from "../../compiler/target.ts";
import type { KType } from "../../compiler/kernel.ts";
import type { KernelOp } from "../../compiler/ops.ts";
import { opSupported } from "./codegen/ops.ts";
import { isLowpFloatK, isNarrowIntK } from "../../compiler/ktype.ts";
import { LOWP_OPS, NARROW_INT_OPS, widenedType } from "../../compiler/narrow_widen.ts";

/**
 * float16/bfloat16 operations compute as float32 ones, rounded, where that
 * gives the reference's bits; int8/uint8/int16/uint16 ones as int32 ones,
 * wrapped (compiler/narrow_widen.ts).
 */
function supportsOp(op: KernelOp, argTypes: readonly KType[], out: KType): boolean {
  const types = [out, ...argTypes];
  const lowp = types.some(isLowpFloatK);
  const narrowInt = types.some(isNarrowIntK);
  if (!lowp && !narrowInt) return opSupported(op, argTypes, out);
  if (lowp && !LOWP_OPS.has(op)) return false;
  if (narrowInt && !NARROW_INT_OPS.has(op)) return false;
  return opSupported(op, argTypes.map(widenedType), widenedType(out));
}

export const wasmTarget: Target = {
  name: "wasm",
  supportsOp,
  scalarTypes: new Set<KType>(["f64", "i64", "u64"]),
  gemmDtypes: new Set(["float32"]),
  loops: true,
  int64Kernels: true,
  gatherLoads: true,
  // float16/bfloat16 as rounded float32 values (compiler/narrow_widen.ts); their sums and products stay on the reference path.
  lowpFloatKernels: true,
  // int8/uint8/int16/uint16 stored in their width, computed as wrapped int32 values (compiler/narrow_widen.ts).
  narrowIntKernels: true,
  specialKernels: true,
};
