// Hand-written helper modules (gathers, scatters, conv patches, linear
// algebra) on the heap's memory: built, compiled and instantiated once per
// heap, their exports picked by `wrap` (which may also register them with
// the thread pool, given the compiled module).
import { ModuleBuilder, type WasmModule, wasmApi } from "../emitter/index.ts";
import type { WasmHeap } from "../heap.ts";

export function heapModule<T>(
  cache: WeakMap<WasmHeap, T>,
  heap: WasmHeap,
  build: (mb: ModuleBuilder) => void,
  wrap: (exports: Record<string, unknown>, module: WasmModule) => T,
): T {
  let made = cache.get(heap);
  if (made === undefined) {
    const mb = new ModuleBuilder();
    mb.names = false;
    mb.importMemory(heap.memoryImport());
    build(mb);
    const module = mb.compile();
    const instance = new (wasmApi().Instance)(module, { env: { memory: heap.memory } });
    made = wrap(instance.exports as Record<string, unknown>, module);
    cache.set(heap, made);
  }
  return made;
}
