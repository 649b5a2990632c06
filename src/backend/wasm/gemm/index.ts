// Single-precision GEMM emitted into a wasm module (see README.md).
export { emitSgemm, SGEMM_PARAMS, type GemmOptions } from "./sgemm.ts";
export { sgemmWorkspaceBytes } from "./params.ts";
