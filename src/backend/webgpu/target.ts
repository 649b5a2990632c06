// The webgpu backend as the compiler sees it: kernels over f32/i32/u32/bool
// (WGSL has no f64), dot_general as its own step, loops run step by step.
import type { KType } from "../../compiler/kernel.ts";
import type { Target } from "../../compiler/target.ts";
import { wgslSupportsOp } from "./wgsl.ts";

/** The target for a device that binds at most `maxBuffers` storage buffers per kernel. */
export function webgpuTarget(maxBuffers: number): Target {
  return {
    name: "webgpu",
    supportsOp: wgslSupportsOp,
    scalarTypes: new Set<KType>(),
    gemmDtypes: new Set(),
    loops: false,
    maxKernelBuffers: maxBuffers,
  };
}
