// The wasm backend as the compiler sees it (compiler/target.ts): what a
// kernel may contain (the code generator's op table), float64 kernels as
// scalar code, float32 GEMMs, loops compiled whole.
import type { Target } from "../../compiler/target.ts";
import type { KType } from "../../compiler/kernel.ts";
import { opSupported } from "./codegen/ops.ts";

export const wasmTarget: Target = {
  name: "wasm",
  supportsOp: opSupported,
  scalarTypes: new Set<KType>(["f64"]),
  gemmDtypes: new Set(["float32"]),
  loops: true,
};
