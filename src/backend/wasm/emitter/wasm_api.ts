// Minimal typings for the host's WebAssembly JS API. The project's tsconfig has
// no DOM lib and @types/node does not declare the namespace, so we type just
// what we use, without declaring globals that could clash with other libs.

export interface WasmModule {
  readonly __wasmModule?: never;
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(deltaPages: number): number;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
export type WasmImports = Record<string, Record<string, unknown>>;

export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports?: WasmImports) => WasmInstance;
  Memory: new (desc: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports?: WasmImports): Promise<WasmInstance>;
}

/** The host's WebAssembly object (throws if the host has none). */
export function wasmApi(): WasmApi {
  const w = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!w) throw new Error("WebAssembly is not available in this JavaScript environment");
  return w;
}
