// The wasm backend: every buffer lives in one WebAssembly.Memory. Primitives
// run as compiled kernels (src/compiler lowers them, one module per kernel,
// cached by its printed IR); a primitive the compiler does not lower runs the
// reference kernel over views of the same memory, so every primitive works here.
import type { ShapedArray } from "../../core/aval.ts";
import type { TypedArray } from "../../core/dtypes.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import { type Backend, type MemoryStats, registerBackend } from "../backend.ts";
import { jsBackend } from "../js/index.ts";
import { kernels as jsKernels } from "../js/kernel.ts";
import { WasmBuffer, hostViewOf, storageBytes, viewOf } from "./buffer.ts";
import { type MemoryImport, hasSimd } from "./emitter/index.ts";
import { WasmHeap } from "./heap.ts";
import { Residency } from "./residency.ts";
import { threadCount } from "./threads/config.ts";
import { type ThreadPool, threadPool } from "./threads/pool.ts";

/** Runs one primitive natively, or returns null when it has no native lowering. */
export type PrimitiveRunner = (
  prim: Primitive, inputs: WasmBuffer[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[],
) => WasmBuffer[] | null;

export class WasmBackend implements Backend {
  readonly name = "wasm";
  readonly heap = new WasmHeap(256, threadCount() > 1);
  /** Which buffers stay in the heap (see residency.ts). */
  readonly residency = new Residency(this.heap);
  /** Installed by the compiler (src/compiler/eager.ts); kept as a hook so this file does not import it. */
  runner: PrimitiveRunner | null = null;

  alloc(aval: ShapedArray): WasmBuffer {
    return this.residency.alloc(aval.size * storageBytes(aval.dtype));
  }

  fromHost(data: TypedArray, aval: ShapedArray): WasmBuffer {
    const buf = this.alloc(aval);
    viewOf(this.heap, buf, aval).set(data);
    return buf;
  }

  readonly readsCopy = true;

  readSync(buf: unknown, aval: ShapedArray): TypedArray {
    const b = this.check(buf);
    // A copy: a view would be detached when the memory next grows. An evicted buffer is read where it is.
    return b.resident ? viewOf(this.heap, b, aval).slice() : hostViewOf(b.host!, aval).slice();
  }

  readAt(buf: unknown, aval: ShapedArray, index: number): number {
    const b = this.check(buf);
    return b.resident ? viewOf(this.heap, b, aval)[index] : hostViewOf(b.host!, aval)[index];
  }

  withElement(buf: unknown, aval: ShapedArray, index: number, value: number): WasmBuffer {
    this.residency.beginOperation();
    const src = this.check(buf);
    const from = src.ptr;
    const out = this.alloc(aval);
    this.heap.u8.copyWithin(out.ptr, from, from + src.bytes);
    viewOf(this.heap, out, aval)[index] = value;
    return out;
  }

  /** A view valid until the next allocation (for the runtime's own reads). */
  view(buf: WasmBuffer, aval: ShapedArray): TypedArray { return viewOf(this.heap, buf, aval); }

  track(owner: object, buf: unknown): void { this.residency.track(owner, buf as WasmBuffer); }
  untrack(buf: unknown): void { this.residency.untrack(buf as WasmBuffer); }

  dispose(buf: unknown): void { this.residency.free(buf as WasmBuffer); }

  memoryStats(): MemoryStats {
    const r = this.residency;
    const c = r.counters;
    return {
      bytesInUse: this.heap.liveBytes,
      peakBytesInUse: this.heap.peakBytes,
      bytesLimit: r.hardLimit,
      bytesReserved: this.heap.memory.buffer.byteLength,
      numAllocs: c.allocs,
      largestAllocSize: c.largestAlloc,
      residentBuffers: r.residentBuffers,
      evictions: c.evictions,
      evictedBytes: c.evictedBytes,
      reloads: c.reloads,
      collections: c.collections,
      collectionMs: c.collectionMs,
      collectedBuffers: c.collected,
    };
  }

  /** Worker threads over this heap, or null when running single-threaded. */
  get pool(): ThreadPool | null { return threadPool(this.heap.memory); }

  constructor() {
    // Growth beyond a few MiB: workers touch the fresh pages in the background (see ThreadPool.prefault).
    if (this.heap.shared) this.heap.onGrow = (from, to) => { if (to - from >= 4 << 20) this.pool?.prefault(from, to); };
  }

  supports(prim: Primitive): boolean { return jsKernels.has(prim.name); }

  execute(prim: Primitive, inputs: unknown[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): WasmBuffer[] {
    this.residency.beginOperation();
    const bufs = inputs.map((b) => this.check(b));
    const native = this.runner?.(prim, bufs, inAvals, params, outAvals);
    if (native) return native;
    return this.runReference(prim, bufs, inAvals, params, outAvals);
  }

  /** The reference kernel over views of the inputs; outputs copied into the heap. */
  runReference(prim: Primitive, inputs: WasmBuffer[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): WasmBuffer[] {
    // Addresses first: reloading an evicted input may grow the memory, which would detach earlier views.
    for (const b of inputs) void b.ptr;
    const views = inputs.map((b, i) => viewOf(this.heap, b, inAvals[i]));
    // The reference kernels allocate their outputs on the JS heap, so the views stay valid throughout.
    const outs = jsBackend.execute(prim, views, inAvals, params, outAvals);
    return outs.map((o, i) => this.fromHost(o, outAvals[i]));
  }

  private check(buf: unknown): WasmBuffer {
    if (!(buf instanceof WasmBuffer)) throw new Error("internal: the wasm backend was given a buffer of another backend");
    if (buf.freed) throw new Error("internal: a freed wasm buffer was used");
    return buf;
  }
}

export const wasmBackend: WasmBackend | null = hasSimd() ? new WasmBackend() : null;
if (wasmBackend) registerBackend(wasmBackend, 10);

/** How compiled modules import the heap's memory (shared when threads are on). */
export function heapMemoryImport(): MemoryImport {
  if (!wasmBackend) throw new Error("internal: wasm modules need the wasm backend");
  return wasmBackend.heap.memoryImport();
}
