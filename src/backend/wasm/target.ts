// The wasm backend as the compiler sees it (compiler/target.ts): what a
// kernel may contain (the code generator's op table), float64 kernels as
// scalar code, float32 GEMMs, loops compiled whole, int64/uint64 kernels
// (scalar, see codegen/int64.ts).
import type { Target } from "../../compiler/target.ts";
import type { KType } from "../../compiler/kernel.ts";
import { opSupported } from "./codegen/ops.ts";

export const wasmTarget: Target = {
  name: "wasm",
  supportsOp: opSupported,
  scalarTypes: new Set<KType>(["f64", "i64", "u64"]),
  gemmDtypes: new Set(["float32"]),
  loops: true,
  int64Kernels: true,
  gatherLoads: true,
};
