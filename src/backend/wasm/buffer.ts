// Buffers of the wasm backend: a block of the heap holding an array in the
// dtype's storage format (see core/dtypes.storageCtor), plus typed views.
import type { ShapedArray } from "../../core/aval.ts";
import { type DType, type TypedArray, storageCtor } from "../../core/dtypes.ts";
import type { WasmHeap } from "./heap.ts";

export class WasmBuffer {
  constructor(readonly ptr: number, readonly bytes: number, public freed = false) {}
}

/** Bytes per element in storage format (float16 lives in float32 slots, int64 in float64). */
export function storageBytes(d: DType): number {
  switch (d) {
    case "bool": return 1;
    case "float64": case "int64": return 8;
    default: return 4;
  }
}

/** A view of the buffer's elements in the heap; valid until the heap next grows. */
export function viewOf(heap: WasmHeap, buf: WasmBuffer, aval: ShapedArray): TypedArray {
  const n = aval.size;
  const bpe = storageBytes(aval.dtype);
  const offset = buf.ptr / bpe;
  switch (storageCtor(aval.dtype)) {
    case Float32Array: return heap.f32.subarray(offset, offset + n);
    case Float64Array: return heap.f64.subarray(offset, offset + n);
    case Int32Array: return heap.i32.subarray(offset, offset + n);
    case Uint32Array: return heap.u32.subarray(offset, offset + n);
    default: return heap.u8.subarray(offset, offset + n);
  }
}
