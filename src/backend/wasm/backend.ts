// The wasm backend: every buffer lives in one WebAssembly.Memory. Primitives
// run as compiled kernels (src/compiler lowers them, one module per kernel,
// cached by its printed IR); a primitive the compiler does not lower runs the
// reference kernel over views of the same memory, so every primitive works here.
import type { ShapedArray } from "../../core/aval.ts";
import type { TypedArray } from "../../core/dtypes.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import { type Backend, registerBackend } from "../backend.ts";
import { jsBackend } from "../js/index.ts";
import { kernels as jsKernels } from "../js/kernel.ts";
import { WasmBuffer, storageBytes, viewOf } from "./buffer.ts";
import { type MemoryImport, hasSimd } from "./emitter/index.ts";
import { WasmHeap } from "./heap.ts";
import { threadCount } from "./threads/config.ts";
import { type ThreadPool, threadPool } from "./threads/pool.ts";

/** Runs one primitive natively, or returns null when it has no native lowering. */
export type PrimitiveRunner = (
  prim: Primitive, inputs: WasmBuffer[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[],
) => WasmBuffer[] | null;

export class WasmBackend implements Backend {
  readonly name = "wasm";
  readonly heap = new WasmHeap(256, threadCount() > 1);
  /** Installed by the compiler (src/compiler/eager.ts); kept as a hook so this file does not import it. */
  runner: PrimitiveRunner | null = null;

  alloc(aval: ShapedArray): WasmBuffer {
    const bytes = aval.size * storageBytes(aval.dtype);
    return new WasmBuffer(this.heap.alloc(bytes), bytes);
  }

  fromHost(data: TypedArray, aval: ShapedArray): WasmBuffer {
    const buf = this.alloc(aval);
    viewOf(this.heap, buf, aval).set(data);
    return buf;
  }

  readonly readsCopy = true;

  readSync(buf: unknown, aval: ShapedArray): TypedArray {
    // A copy: a view would be detached when the memory next grows.
    return viewOf(this.heap, this.check(buf), aval).slice();
  }

  readAt(buf: unknown, aval: ShapedArray, index: number): number { return viewOf(this.heap, this.check(buf), aval)[index]; }

  withElement(buf: unknown, aval: ShapedArray, index: number, value: number): WasmBuffer {
    const src = this.check(buf);
    const out = this.alloc(aval);
    this.heap.u8.copyWithin(out.ptr, src.ptr, src.ptr + src.bytes);
    viewOf(this.heap, out, aval)[index] = value;
    return out;
  }

  /** A view valid until the next allocation (for the runtime's own reads). */
  view(buf: WasmBuffer, aval: ShapedArray): TypedArray { return viewOf(this.heap, buf, aval); }

  dispose(buf: unknown): void {
    const b = buf as WasmBuffer;
    if (b.freed) return;
    b.markFreed();
    this.heap.release(b.ptr, b.bytes);
  }

  /** Worker threads over this heap, or null when running single-threaded. */
  get pool(): ThreadPool | null { return threadPool(this.heap.memory); }

  constructor() {
    // Growth beyond a few MiB: workers touch the fresh pages in the background (see ThreadPool.prefault).
    if (this.heap.shared) this.heap.onGrow = (from, to) => { if (to - from >= 4 << 20) this.pool?.prefault(from, to); };
  }

  supports(prim: Primitive): boolean { return jsKernels.has(prim.name); }

  execute(prim: Primitive, inputs: unknown[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): WasmBuffer[] {
    const bufs = inputs.map((b) => this.check(b));
    const native = this.runner?.(prim, bufs, inAvals, params, outAvals);
    if (native) return native;
    return this.runReference(prim, bufs, inAvals, params, outAvals);
  }

  /** The reference kernel over views of the inputs; outputs copied into the heap. */
  runReference(prim: Primitive, inputs: WasmBuffer[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): WasmBuffer[] {
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
