// The wasm backend: every buffer lives in one WebAssembly.Memory (see
// residency.ts for which stay there). Primitives run as compiled kernels
// (src/compiler fuses and lowers them for wasmTarget; codegen/ emits one
// module per kernel, cached by its printed IR); a primitive without a native
// kernel runs the reference kernel over views of the same memory, so every
// primitive works here. jit programs and eager loops compile via runtime/.
import type { ShapedArray } from "../../core/aval.ts";
import type { StorageArray } from "../../core/dtypes.ts";
import { type Params, type Primitive, paramsOf } from "../../core/primitive.ts";
import { scanP } from "../../lax/control/scan.ts";
import { whileP } from "../../lax/control/while.ts";
import { ArrayImpl } from "../../core/array_impl.ts";
import type { ClosedJaxpr, Jaxpr } from "../../core/jaxpr.ts";
import { fuse } from "../../compiler/fusion.ts";
import { planScanLoop, planWhileLoop } from "../../compiler/loop_plan.ts";
import { type Backend, type Executable, type MemoryStats, registerBackend } from "../backend.ts";
import { jsBackend } from "../js/index.ts";
import { clearDeferredPrograms } from "../deferred.ts";
import { kernels as jsKernels } from "../js/kernel.ts";
import { storageBytes } from "../../core/dtypes.ts";
import { WasmBuffer, hostViewOf, viewOf } from "./buffer.ts";
import { hasSimd } from "./emitter/index.ts";
import { WasmHeap } from "./heap.ts";
import { hostCopy } from "./host_slab.ts";
import { Residency } from "./residency.ts";
import { clearEagerCache, runEager } from "./runtime/eager.ts";
import { clearFftTables } from "./runtime/fft.ts";
import { clearKernelCache } from "./codegen/kernel_cache.ts";
import { type CompiledLoop, compileLoop, runLoop } from "./runtime/loop.ts";
import { compileProgram } from "./runtime/program.ts";
import { wasmTarget } from "./target.ts";
import { threadCount } from "./threads/config.ts";
import { type ThreadPool, threadPool } from "./threads/pool.ts";

export class WasmBackend implements Backend {
  readonly name = "wasm";
  readonly target = wasmTarget;
  readonly defersEager = true;
  readonly heap = new WasmHeap(256, threadCount() > 1);
  /** Which buffers stay in the heap (see residency.ts). */
  readonly residency = new Residency(this.heap);
  /** Compiled eager loops, per body jaxpr and operand avals (null: not loopable, run the primitive's own impl). */
  private readonly loops = new WeakMap<ClosedJaxpr, Map<string, CompiledLoop | null>>();

  alloc(aval: ShapedArray): WasmBuffer {
    return this.residency.alloc(aval.size * storageBytes(aval.dtype));
  }

  fromHost(data: StorageArray, aval: ShapedArray): WasmBuffer {
    const buf = this.alloc(aval);
    // Same storage type on both sides (64-bit integers as bigints): the copy is exact.
    (viewOf(this.heap, buf, aval) as Float64Array).set(data as Float64Array);
    return buf;
  }

  readonly readsCopy = true;

  readSync(buf: unknown, aval: ShapedArray): StorageArray {
    const b = this.check(buf);
    // A copy: a view would be detached when the memory next grows. An evicted buffer is read where it is.
    return b.resident ? viewOf(this.heap, b, aval).slice() : hostViewOf(b.host!, aval).slice();
  }

  async read(buf: unknown, aval: ShapedArray): Promise<StorageArray> {
    return this.readSync(buf, aval);
  }

  readAt(buf: unknown, aval: ShapedArray, index: number): number | bigint {
    const b = this.check(buf);
    return b.resident ? viewOf(this.heap, b, aval)[index] : hostViewOf(b.host!, aval)[index];
  }

  withElement(buf: unknown, aval: ShapedArray, index: number, value: number | bigint): WasmBuffer {
    this.residency.beginOperation();
    const src = this.check(buf);
    if (src.small) {
      // A small array's home is host memory: make the new one there, with no visit to the heap
      // (a visiting output would be copied home once more when it left, dropped or not).
      const host = src.host !== null ? hostCopy(src.host, 0, src.bytes) : hostCopy(this.heap.u8, src.at, src.bytes);
      (hostViewOf(host, aval) as Float64Array)[index] = value as number; // a bigint for 64-bit storage
      return this.residency.atHome(host);
    }
    const from = src.ptr;
    const out = this.alloc(aval);
    this.heap.copy(out.ptr, from, src.bytes);
    (viewOf(this.heap, out, aval) as Float64Array)[index] = value as number; // a bigint for 64-bit storage
    return out;
  }

  track(owner: object, buf: unknown): void {
    this.residency.track(owner, buf as WasmBuffer);
  }
  untrack(buf: unknown): void {
    this.residency.untrack(buf as WasmBuffer);
  }

  dispose(buf: unknown): void {
    this.residency.free(buf as WasmBuffer);
  }

  clearCaches(): void {
    clearKernelCache();
    clearEagerCache();
    clearDeferredPrograms();
    clearFftTables(this);
  }

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
  get pool(): ThreadPool | null {
    return threadPool(this.heap.memory);
  }

  constructor() {
    // Growth beyond a few MiB: workers touch the fresh pages in the background (see ThreadPool.prefault).
    if (this.heap.shared)
      this.heap.onGrow = (from, to) => {
        if (to - from >= 4 << 20) this.pool?.prefault(from, to);
      };
  }

  supports(prim: Primitive): boolean {
    return jsKernels.has(prim.name);
  }

  execute(prim: Primitive, inputs: unknown[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): WasmBuffer[] {
    this.residency.beginOperation();
    const bufs = inputs.map((b) => this.check(b));
    // Inputs resident first: a reload may grow the memory, detaching views taken later in the step.
    for (const b of bufs) void b.ptr;
    const native = runEager(this, prim, bufs, inAvals, params, outAvals);
    if (native) return native;
    return this.runReference(prim, bufs, inAvals, params, outAvals);
  }

  compile(jaxpr: Jaxpr): Executable {
    return compileProgram(jaxpr, this);
  }

  /**
   * An eager scan or while whose body compiles to kernels and GEMMs runs as
   * the same single wasm loop jit would build; loops are cached per body
   * jaxpr and operand avals.
   */
  runControlFlow(prim: Primitive, args: readonly ArrayImpl[], params: Params): ArrayImpl[] | null {
    if (prim.name !== "scan" && prim.name !== "while") return null;
    const body = prim.name === "scan" ? paramsOf(scanP, prim, params).jaxpr : paramsOf(whileP, prim, params).body_jaxpr;
    let byAvals = this.loops.get(body);
    if (!byAvals) {
      byAvals = new Map();
      this.loops.set(body, byAvals);
    }
    const key = args.map((a) => a.aval.str()).join(",");
    let loop = byAvals.get(key);
    if (loop === undefined) {
      const outAvals = prim.rules.abstractEval(
        args.map((a) => a.aval),
        params,
      );
      const fuseBody = (j: Jaxpr) => fuse(j, wasmTarget, true);
      const plan =
        prim.name === "scan"
          ? planScanLoop(fuseBody, paramsOf(scanP, prim, params), outAvals)
          : planWhileLoop(fuseBody, paramsOf(whileP, prim, params), outAvals);
      loop = plan ? compileLoop(this, plan) : null;
      byAvals.set(key, loop);
    }
    if (!loop) return null;
    ArrayImpl.computeDeferred(args);
    this.residency.beginOperation();
    return runLoop(loop, this, args);
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
