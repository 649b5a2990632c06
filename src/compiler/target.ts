// What the compiler asks of the backend it compiles for. Fusion, lowering and
// planning are target-neutral: they decide what a kernel may contain and how
// steps are grouped from this description alone, and emit pure-data plans
// (kernels, GEMMs, loops) that the backend turns into code.
import type { DType } from "../core/dtypes.ts";
import type { KType } from "./kernel.ts";
import type { KernelOp } from "./ops.ts";

export interface Target {
  readonly name: string;
  /** Whether a kernel may compute `op` on operands of these types, giving `out`. */
  supportsOp(op: KernelOp, argTypes: readonly KType[], out: KType): boolean;
  /**
   * Kernel value types that run as scalar code (no vector lanes): fusion keeps
   * them out of kernels over vector types, so the vector kernels stay vector.
   */
  readonly scalarTypes: ReadonlySet<KType>;
  /** dot_general operand dtypes the backend runs as a GEMM step (with fused elementwise epilogues). */
  readonly gemmDtypes: ReadonlySet<DType>;
  /** Whether scan and while loops whose bodies are kernels and GEMMs may become single loop steps. */
  readonly loops: boolean;
  /** Whether kernels may compute int64/uint64 (kernel types i64/u64); without it those stay opaque steps. */
  readonly int64Kernels?: boolean;
  /** Whether kernels may compute float16/bfloat16 (kernel types f16/bf16, rounded after each operation). */
  readonly lowpFloatKernels?: boolean;
  /** Whether kernels may compute int8/uint8/int16/uint16 (kernel types i8/u8/i16/u16, wrapped after each operation). */
  readonly narrowIntKernels?: boolean;
  /** Whether kernels may also sum and multiply float16/bfloat16 values over reduced dims (the reference accumulates in float64). */
  readonly lowpFloatSums?: boolean;
  /**
   * Whether special functions (lgamma, digamma, erfc, erfcx, ndtri, dawsn,
   * i0e, i1e) lower to kernel operations in JAX's float32 algorithms
   * (compiler/lower.ts COMPOSITE), so their values track JAX's. Without it
   * they stay their own steps: WebGPU keeps its WGSL kernels
   * (webgpu/math.ts, webgpu/special.ts), checked against the wasm results
   * on SwiftShader and never measured on a GPU since.
   */
  readonly specialKernels?: boolean;
  /** Whether kernels may read at computed offsets (gathered loads: gathers of single elements fused). */
  readonly gatherLoads?: boolean;
  /** The most buffers (inputs and outputs) one kernel may bind; merging stops there. Unlimited when absent. */
  readonly maxKernelBuffers?: number;
}
