// In-repo WebAssembly binary emitter (no toolchain). See ../README.md.
export { ByteWriter, encodeF32, encodeF32Bits, encodeF64, encodeS32, encodeS64, encodeU32 } from "./leb128.ts";
export { FunctionBuilder, Label, ModuleBuilder } from "./module.ts";
export type { BlockType, FuncType, MemArg, MemoryImport, ValType } from "./module.ts";
export * as opcodes from "./opcodes.ts";
export { fusedMadd, hasRelaxedSimd, hasSimd } from "./features.ts";
export { wasmApi } from "./wasm_api.ts";
export { forLanes, forLoop } from "./for_loop.ts";
export type { WasmApi, WasmImports, WasmInstance, WasmMemory, WasmModule } from "./wasm_api.ts";
