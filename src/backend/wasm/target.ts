// The wasm backend as the compiler sees it (compiler/target.ts): what a
// kernel may contain (the code generator's op table), float64 kernels as
// scalar code, float32 GEMMs, loops compiled whole, int64/uint64 kernels
// (scalar, see codegen/int64.ts), float16/bfloat16 kernels as rounded float32.
import type { Target } from "../../compiler/target.ts";
import type { KType } from "../../compiler/kernel.ts";
import type { KernelOp } from "../../compiler/ops.ts";
import { opSupported } from "./codegen/ops.ts";
import { isLowpFloatK } from "../../compiler/ktype.ts";
import { LOWP_OPS, widenedType } from "../../compiler/lowp_widen.ts";

/** float16/bfloat16 operations compute as float32 ones, rounded (compiler/lowp_widen.ts), where that gives the reference's bits. */
function supportsOp(op: KernelOp, argTypes: readonly KType[], out: KType): boolean {
  if (!isLowpFloatK(out) && !argTypes.some(isLowpFloatK)) return opSupported(op, argTypes, out);
  return LOWP_OPS.has(op) && opSupported(op, argTypes.map(widenedType), widenedType(out));
}

export const wasmTarget: Target = {
  name: "wasm",
  supportsOp,
  scalarTypes: new Set<KType>(["f64", "i64", "u64"]),
  gemmDtypes: new Set(["float32"]),
  loops: true,
  int64Kernels: true,
  gatherLoads: true,
  // float16/bfloat16 as rounded float32 values (compiler/lowp_widen.ts); their sums and products stay on the reference path.
  lowpFloatKernels: true,
  specialKernels: true,
};
