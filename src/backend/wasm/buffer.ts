// Buffers of the wasm backend: an array's data in the dtype's storage format
// (see core/dtypes.storageCtor), resident in a block of the heap, or evicted
// to a host copy that the garbage collector owns (see residency.ts).
import type { ShapedArray } from "../../core/aval.ts";
import { type StorageArray, lanesOf, storageBytes, storageCtor } from "../../core/dtypes.ts";
import type { WasmHeap } from "./heap.ts";

/** What a buffer needs from the memory manager that owns it. */
export interface BufferHome {
  /** The current operation's number: buffers used in it are not evicted until it ends. */
  readonly epoch: number;
  /** Brings an evicted buffer back into the heap; returns its new address. */
  reload(buf: WasmBuffer): number;
}

export class WasmBuffer {
  /** Heap address while resident, 0 once evicted or freed. */
  at: number;
  /** The epoch of the buffer's last use (eviction takes the least recently used first). */
  lastUse: number;
  /** A copy of the bytes outside the heap: written on eviction, kept after a reload (data never changes). */
  host: Uint8Array | null = null;
  freed = false;
  /** An external-memory stand-in where the platform cannot collect garbage on demand (see residency.ts). */
  pressure: ArrayBuffer | null = null;

  /**
   * @param small whether the buffer lives in host memory and visits the heap
   *   only for the operation that uses it (see residency.ts)
   */
  constructor(
    readonly home: BufferHome,
    at: number,
    readonly bytes: number,
    readonly small = false,
  ) {
    this.at = at;
    this.lastUse = home.epoch;
  }

  /**
   * The heap address, reloading an evicted buffer first. Taking it marks the
   * buffer used in the current operation, so an address taken before an
   * allocation stays valid until the operation ends. A reload may grow the
   * memory, which detaches typed views of it: take every address an
   * operation needs before taking views (as execute and the runtime do).
   */
  get ptr(): number {
    this.lastUse = this.home.epoch;
    return this.at !== 0 ? this.at : this.home.reload(this);
  }

  get resident(): boolean {
    return this.at !== 0;
  }
}

/** A view of the buffer's elements in the heap (reloading it if evicted); valid until the heap next grows. */
export function viewOf(heap: WasmHeap, buf: WasmBuffer, aval: ShapedArray): StorageArray {
  // A complex element is two storage slots of its real dtype.
  const n = aval.size * lanesOf(aval.dtype);
  const bpe = storageBytes(aval.dtype) / lanesOf(aval.dtype);
  const offset = buf.ptr / bpe;
  switch (storageCtor(aval.dtype)) {
    case Float32Array:
      return heap.f32.subarray(offset, offset + n);
    case Float64Array:
      return heap.f64.subarray(offset, offset + n);
    case Int32Array:
      return heap.i32.subarray(offset, offset + n);
    case Uint32Array:
      return heap.u32.subarray(offset, offset + n);
    case Uint8Array:
      return heap.u8.subarray(offset, offset + n);
    default: {
      // int8/int16/uint16, int64/uint64: a view of the heap in the dtype's own format.
      const Ctor = storageCtor(aval.dtype) as unknown as new (b: ArrayBufferLike, o: number, n: number) => StorageArray;
      return new Ctor(heap.u8.buffer, buf.ptr, n);
    }
  }
}

/** The host copy of an evicted buffer as a typed array of the dtype's storage format (shares its memory). */
export function hostViewOf(host: Uint8Array, aval: ShapedArray): StorageArray {
  const Ctor = storageCtor(aval.dtype) as unknown as new (b: ArrayBufferLike, o: number, n: number) => StorageArray;
  return new Ctor(host.buffer, host.byteOffset, aval.size * lanesOf(aval.dtype));
}
