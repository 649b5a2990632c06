// Buffers of the wasm backend: a block of the heap holding an array in the
// dtype's storage format (see core/dtypes.storageCtor), plus typed views.
import type { ShapedArray } from "../../core/aval.ts";
import { type DType, type TypedArray, storageCtor } from "../../core/dtypes.ts";
import type { WasmHeap } from "./heap.ts";

/**
 * Buffers this large also hold an untouched ArrayBuffer of the same size:
 * V8 counts it as external memory, so the garbage collector runs as often as
 * if the array lived on the JS heap, and finalizers return wasm memory
 * promptly instead of letting the memory grow (fresh pages are costly to touch).
 */
const PRESSURE_BYTES = 1 << 20;

/**
 * Pressure buffers of disposed arrays, by size, for the next buffer of that
 * size: a fresh ArrayBuffer this big is zero-filled by the allocator (about
 * 1 ms for 4 MiB), which would dominate a loop that disposes what it makes.
 */
const spare = new Map<number, ArrayBuffer[]>();
let spareBytes = 0;
const MAX_SPARE_BYTES = 64 << 20;

function takePressure(bytes: number): ArrayBuffer {
  const reused = spare.get(bytes)?.pop();
  if (!reused) return new ArrayBuffer(bytes);
  spareBytes -= bytes;
  return reused;
}

function keepPressure(b: ArrayBuffer): void {
  if (spareBytes + b.byteLength > MAX_SPARE_BYTES) return;
  let list = spare.get(b.byteLength);
  if (!list) { list = []; spare.set(b.byteLength, list); }
  list.push(b);
  spareBytes += b.byteLength;
}

export class WasmBuffer {
  private pressure: ArrayBuffer | null;
  constructor(readonly ptr: number, readonly bytes: number, public freed = false) {
    this.pressure = bytes >= PRESSURE_BYTES ? takePressure(bytes) : null;
  }
  /** Called on dispose(); a buffer reclaimed by the garbage collector takes its pressure buffer with it. */
  markFreed(): void {
    this.freed = true;
    if (this.pressure) keepPressure(this.pressure);
    this.pressure = null;
  }
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
