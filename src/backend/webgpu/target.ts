// The webgpu backend as the compiler sees it: kernels over f32/i32/u32/bool
// (WGSL has no f64), float32 dot_general as GEMM steps (epilogues fused),
// other dot_generals their own step, loops run step by step.
import type { KType } from "../../compiler/kernel.ts";
import type { Target } from "../../compiler/target.ts";
import { wgslSupportsOp } from "./wgsl.ts";

/** The target for a device that binds at most `maxBuffers` storage buffers per kernel. */
export function webgpuTarget(maxBuffers: number): Target {
  return {
    name: "webgpu",
    supportsOp: wgslSupportsOp,
    scalarTypes: new Set<KType>(),
    gemmDtypes: new Set(["float32"]),
    loops: false,
    maxKernelBuffers: maxBuffers,
    // float16/bfloat16 as rounded f32 values (lowp.ts).
    lowpFloatKernels: true,
    lowpFloatSums: true,
    // Gathers of single elements, dynamic slices, one-window updates, pads and concatenations read at computed offsets.
    gatherLoads: true,
  };
}
