// The webgpu backend: arrays live in GPU buffers; kernels are WGSL emitted
// from the compiler's kernel IR (wgsl.ts), dot_general its own kernel
// (dot.ts). Work is recorded into one command encoder and submitted when
// something reads a result (or every MAX_PENDING dispatches), so eager ops
// queue without waiting. Reads are asynchronous (`await x.data()`): WebGPU
// has no synchronous readback, so `dataSync()` raises here.
import { ArrayImpl } from "../../core/array_impl.ts";
import { ShapedArray } from "../../core/aval.ts";
import { type TypedArray, lanesOf, storageCtor } from "../../core/dtypes.ts";
import { JaxTsError, JaxTypeError } from "../../core/errors.ts";
import { type ClosedJaxpr, Jaxpr, JaxprEqn, Var, runClosed } from "../../core/jaxpr.ts";
import { type Params, type Primitive, paramsOf } from "../../core/primitive.ts";
import { fuse } from "../../compiler/fusion.ts";
import type { FusedProgram } from "../../compiler/program_ir.ts";
import { dotGeneralP } from "../../lax/dot.ts";
import { scanP } from "../../lax/control/scan.ts";
import { condP } from "../../lax/control/cond.ts";
import { convertElementTypeP, maxP, minP, selectNP } from "../../lax/elementwise.ts";
import { applyPrimitive } from "../../core/eval_trace.ts";
import { type Backend, type Executable, type MemoryStats, registerBackend, setDefaultBackend } from "../backend.ts";
import { collectNow, finalizationRegistry } from "../collect.ts";
import { emitDot } from "./dot.ts";
import { gemmDispatches } from "./gemm.ts";
import { planDot } from "../../compiler/gemm_plan.ts";
import { primKernel, scatterKernel } from "./prims.ts";
import type { ScatterParams } from "../../lax/gather_scatter_params.ts";
import { type GpuBuffer, type GpuCommandEncoder, type GpuDevice, type GpuPipeline, MAP_READ, USAGE, findGpu } from "./gpu_api.ts";
import { WebGpuProgram } from "./program.ts";
import { webgpuTarget } from "./target.ts";
import type { Target } from "../../compiler/target.ts";
import { WORKGROUP } from "./wgsl.ts";
import { WorkQueue } from "./queue.ts";
import { runWhile } from "./while_loop.ts";
import { runSort, runTopK } from "./sort.ts";
import { topKP } from "../../lax/top_k.ts";
import { sortP } from "../../lax/sort.ts";
import { whileP } from "../../lax/control/while.ts";
import { runLinalg } from "./linalg.ts";
import { fftRealP } from "../../lax/fft.ts";
import { runFft } from "./fft.ts";

/** A GPU buffer holding one array (bool as u32 per element). */
export class GpuBuf {
  destroyed = false;
  /**
   * The host data a small buffer was uploaded from: synchronous reads of
   * constants (jaxpr literals, scalars the program built) need no readback.
   */
  host: TypedArray | null = null;
  constructor(
    readonly buffer: GpuBuffer,
    readonly bytes: number,
    /** The work queue that was current when it was allocated (see free). */
    readonly home: WorkQueue,
  ) {}
}

/** Uploads up to this size keep their host copy. */
const HOST_COPY_BYTES = 4096;

// complex64 is stored as interleaved float32 pairs; kernels see its parts (complex values reach backends as real pairs).
// float16/bfloat16 are stored as float32 values already rounded to the narrow format, as on the CPU backends (lowp.ts).
const SUPPORTED = new Set(["float32", "int32", "uint32", "bool", "complex64", "float16", "bfloat16"]);
/** Dispatches recorded before the encoder is submitted anyway. */
const MAX_PENDING = 256;
/** Bytes of live buffers past which dropped arrays are collected (where the platform allows). */
const SOFT_LIMIT = 512 * 2 ** 20;

function checkDtype(aval: ShapedArray): void {
  if (!SUPPORTED.has(aval.dtype)) {
    throw new JaxTypeError(
      `The webgpu backend does not support dtype ${aval.dtype} (it computes float32, float16, bfloat16, int32, uint32, bool and complex64); move the array to another backend with devicePut.`,
    );
  }
}

export class WebGpuBackend implements Backend {
  readonly name = "webgpu";
  readonly readsCopy = true;
  private encoder: GpuCommandEncoder | null = null;
  private pending = 0;
  private readonly toDestroy: GpuBuffer[] = [];
  private readonly pipelines = new Map<string, GpuPipeline>();
  private readonly eager = new Map<string, WebGpuProgram | null>();
  private readonly registry = finalizationRegistry<GpuBuf>((b) => this.free(b));
  private live = 0;
  /** Dispatches recorded so far (tests count them: a fused GEMM epilogue is one). */
  dispatches = 0;
  private peak = 0;
  private allocs = 0;
  /** Work in program order behind asynchronous tasks (while loops); see queue.ts. */
  readonly root = new WorkQueue();
  /** Where work goes now: the root, or the queue of a loop body being recorded. */
  queue: WorkQueue = this.root;

  /** What the compiler may put in one kernel here. */
  readonly target: Target;

  constructor(
    readonly device: GpuDevice,
    /** The adapter, as the platform describes it. */
    readonly description: string,
    /**
     * The GPU object (and adapter) the device came from, held for the
     * backend's lifetime: Dawn's Node bindings tear their instance down when
     * the object `create()` returned is garbage collected, and a device still
     * in use then crashes the process natively (std::system_error, futex and
     * pthread mutex aborts, segfaults), at whichever GC comes first.
     */
    readonly owners: readonly unknown[] = [],
  ) {
    this.target = webgpuTarget(Number(device.limits.maxStorageBuffersPerShaderStage ?? 8));
  }

  // ---- buffers ----

  /**
   * Whether the adapter offers WGSL's f16 (the shader-f16 feature). Unused:
   * float16 is stored and computed as rounded f32 everywhere, so every
   * adapter gives the same bits (packed f16 storage would be a later speed step).
   */
  shaderF16 = false;

  alloc(aval: ShapedArray): GpuBuf {
    checkDtype(aval);
    const bytes = aval.size * 4 * lanesOf(aval.dtype);
    if (this.live + bytes > SOFT_LIMIT) collectNow();
    const buffer = this.device.createBuffer({ size: Math.max(4, bytes), usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST });
    this.live += bytes;
    this.peak = Math.max(this.peak, this.live);
    this.allocs++;
    return new GpuBuf(buffer, bytes, this.queue);
  }

  /** A scratch buffer of `n` 32-bit words (no array owns it: free it with freeWords). */
  allocWords(n: number): GpuBuf {
    return this.alloc(new ShapedArray([n], "uint32"));
  }
  freeWords(buf: GpuBuf): void {
    this.free(buf);
  }
  private readonly constants = new Map<string, GpuBuf>();
  /** A small constant buffer of these 32-bit words, kept for the backend's lifetime (kernel parameters). */
  constWords(...words: number[]): GpuBuf {
    const key = words.join(",");
    let buf = this.constants.get(key);
    if (!buf) {
      buf = this.fromHost(Uint32Array.from(words), new ShapedArray([words.length], "uint32"));
      this.live -= buf.bytes; // not counted as an array's memory
      this.constants.set(key, buf);
    }
    return buf;
  }

  fromHost(data: TypedArray, aval: ShapedArray): GpuBuf {
    const buf = this.alloc(aval);
    if (buf.bytes <= HOST_COPY_BYTES) buf.host = data.slice();
    if (aval.size > 0) {
      const words = aval.dtype === "bool" ? Uint32Array.from(data as Uint8Array) : data;
      this.device.queue.writeBuffer(buf.buffer, 0, words as ArrayBufferView);
    }
    return buf;
  }

  readSync(buf: unknown): TypedArray {
    const host = (buf as GpuBuf).host;
    if (host) return host.slice();
    throw new JaxTsError(
      "The webgpu backend cannot read an array synchronously (WebGPU has no synchronous readback): use `await x.data()` " +
        "(or `await x.blockUntilReady()` before moving it), or compute on the wasm backend.",
    );
  }

  read(buf: unknown, aval: ShapedArray): Promise<TypedArray> {
    return new Promise((resolve, reject) =>
      this.queue.run(() => {
        const e = this.root.error;
        this.root.error = null;
        if (e) reject(e);
        else this.readNow(buf as GpuBuf, aval).then(resolve, reject);
      }),
    );
  }

  /** Reads the buffer once and keeps the host copy: its value never changes, so later synchronous reads use it. */
  async ready(buf: unknown, aval: ShapedArray): Promise<void> {
    const b = buf as GpuBuf;
    if (!b.host && !b.destroyed) b.host = await this.read(b, aval);
  }

  /** Reads a buffer, ignoring the queue (its caller knows the work before it is recorded). */
  async readNow(b: GpuBuf, aval: ShapedArray): Promise<TypedArray> {
    const out = new (storageCtor(aval.dtype))(aval.size * lanesOf(aval.dtype)) as TypedArray; // no 64-bit dtypes here
    if (aval.size === 0) return out;
    const staging = this.device.createBuffer({ size: Math.max(4, b.bytes), usage: USAGE.MAP_READ | USAGE.COPY_DST });
    this.commands().copyBufferToBuffer(b.buffer, 0, staging, 0, b.bytes);
    this.flush();
    await keepAlive(staging.mapAsync(MAP_READ));
    const float = storageCtor(aval.dtype) === Float32Array;
    const words = float ? new Float32Array(staging.getMappedRange()) : new Uint32Array(staging.getMappedRange());
    out.set(words as never);
    staging.unmap();
    staging.destroy();
    return out;
  }

  readAt(buf: unknown, _aval: ShapedArray, index: number): number {
    return this.readSync(buf)[index];
  }

  withElement(buf: unknown, aval: ShapedArray, index: number, value: number | bigint): GpuBuf {
    const src = buf as GpuBuf;
    const out = this.alloc(aval);
    const word = new (storageCtor(aval.dtype === "bool" ? "uint32" : aval.dtype))(1) as TypedArray;
    word[0] = value as number;
    this.queue.run(() => {
      this.commands().copyBufferToBuffer(src.buffer, 0, out.buffer, 0, src.bytes);
      // The copy must reach the queue before the element's write does.
      this.flush();
      this.device.queue.writeBuffer(out.buffer, index * 4, word as ArrayBufferView);
    });
    return out;
  }

  private tracking = true;
  track(owner: object, buf: unknown): void {
    if (this.tracking) this.registry.register(owner, buf as GpuBuf, buf as object);
  }
  /** Runs `fn` with array creation not taking ownership of buffers (views of buffers owned elsewhere). */
  untracked<T>(fn: () => T): T {
    this.tracking = false;
    try {
      return fn();
    } finally {
      this.tracking = true;
    }
  }
  untrack(buf: unknown): void {
    this.registry.unregister(buf as object);
  }

  dispose(buf: unknown): void {
    this.untrack(buf);
    this.free(buf as GpuBuf);
  }

  private free(b: GpuBuf): void {
    if (b.destroyed) return;
    b.destroyed = true;
    this.live -= b.bytes;
    // Destroyed after the work that may use it: work queued in its own queue,
    // or in any queue if it came from a loop body's finished queue (such
    // buffers never reach the program); otherwise behind everything.
    const q = b.home === this.queue || (b.home !== this.root && !b.home.busy) ? this.queue : this.root;
    q.run(() => {
      // Recorded commands may still use it: destroy once they are submitted.
      if (this.encoder) this.toDestroy.push(b.buffer);
      else b.buffer.destroy();
    });
  }

  memoryStats(): MemoryStats {
    return {
      bytesInUse: this.live,
      peakBytesInUse: this.peak,
      bytesLimit: Number(this.device.limits.maxBufferSize ?? 0),
      bytesReserved: this.live,
      numAllocs: this.allocs,
      largestAllocSize: 0,
      residentBuffers: 0,
      evictions: 0,
      evictedBytes: 0,
      reloads: 0,
      collections: 0,
      collectionMs: 0,
      collectedBuffers: 0,
    };
  }

  // ---- commands ----

  private commands(): GpuCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder();
    return this.encoder;
  }

  /** Records a buffer copy (in queue order). */
  copy(src: GpuBuf, srcOffset: number, dst: GpuBuf, dstOffset: number, bytes: number): void {
    if (bytes > 0) this.queue.run(() => this.commands().copyBufferToBuffer(src.buffer, srcOffset, dst.buffer, dstOffset, bytes));
  }

  /** Submits what was recorded. */
  flush(): void {
    if (!this.encoder) return;
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.pending = 0;
    for (const b of this.toDestroy.splice(0)) b.destroy();
  }

  pipeline(code: string): GpuPipeline {
    let p = this.pipelines.get(code);
    if (!p) {
      const module = this.device.createShaderModule({ code });
      p = this.device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
      this.pipelines.set(code, p);
    }
    return p;
  }

  /** Records one dispatch of `points` invocations over these buffers (inputs, then outputs). */
  dispatch(code: string, points: number, buffers: GpuBuf[]): void {
    if (points === 0) return;
    const groups = Math.ceil(points / WORKGROUP);
    this.dispatchGroups(code, [Math.min(groups, 65535), Math.ceil(groups / 65535), 1], buffers);
  }

  /** Records one dispatch of this many workgroups over these buffers (inputs, then outputs). */
  dispatchGroups(code: string, groups: readonly [number, number, number], buffers: GpuBuf[]): void {
    if (groups.some((g) => g === 0)) return;
    this.queue.run(() => this.record(code, groups, buffers));
  }

  private record(code: string, groups: readonly [number, number, number], buffers: GpuBuf[]): void {
    const pipe = this.pipeline(code);
    const group = this.device.createBindGroup({
      layout: pipe.getBindGroupLayout(0),
      entries: buffers.map((b, i) => ({ binding: i, resource: { buffer: b.buffer } })),
    });
    const pass = this.commands().beginComputePass();
    pass.setPipeline(pipe);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...groups);
    pass.end();
    this.dispatches++;
    if (++this.pending >= MAX_PENDING) this.flush();
  }

  // ---- primitives and programs ----

  supports(prim: Primitive): boolean {
    return prim === dotGeneralP || prim.rules.impl !== undefined;
  }

  /** dot_general as its WGSL kernel. */
  runDot(inputs: GpuBuf[], inAvals: ShapedArray[], params: Params, outAval: ShapedArray): GpuBuf {
    const p = paramsOf(dotGeneralP, dotGeneralP, params);
    const plan = inAvals[0].dtype === "float32" ? planDot(inAvals[0], inAvals[1], outAval, p) : null;
    if (plan) {
      const out = this.alloc(outAval);
      for (const g of gemmDispatches(plan, null)) this.dispatchGroups(g.code, g.groups, [inputs[0], inputs[1], out]);
      return out;
    }
    const k = emitDot(inAvals[0], inAvals[1], outAval, p.dimension_numbers);
    if (!k) throw unsupported("dot_general", inAvals);
    const out = this.alloc(outAval);
    this.dispatch(k.code, k.points, [inputs[0], inputs[1], out]);
    return out;
  }

  execute(prim: Primitive, inputs: unknown[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): GpuBuf[] {
    const bufs = inputs as GpuBuf[];
    if (prim === dotGeneralP) return [this.runDot(bufs, inAvals, params, outAvals[0])];
    if (prim === fftRealP) return runFft(this, bufs, inAvals, paramsOf(fftRealP, prim, params), outAvals);
    if (prim === topKP) {
      const { k, axis } = paramsOf(topKP, prim, params);
      const top = runTopK(this, bufs[0], inAvals[0], k, axis, outAvals);
      if (top) return top;
    }
    if (prim === sortP) {
      const sorted = runSort(this, bufs, inAvals, paramsOf(sortP, prim, params));
      if (sorted) return sorted;
    }
    if (prim.name.startsWith("scatter")) {
      const sk = scatterKernel(prim, inAvals[0], inAvals[1], inAvals[2], params as ScatterParams);
      if (sk) {
        const out = this.alloc(outAvals[0]);
        this.copy(bufs[0], 0, out, 0, out.bytes);
        if (inAvals[2].size > 0) this.dispatch(sk.code, sk.points, [bufs[1], bufs[2], out]);
        return [out];
      }
    }
    const la = runLinalg(this, prim, bufs, inAvals, params, outAvals);
    if (la) return la;
    const pk = outAvals.length === 1 ? primKernel(prim, inAvals, params, outAvals[0]) : null;
    if (pk) {
      const out = this.alloc(outAvals[0]);
      this.dispatch(pk.code, pk.points, [...bufs, out]);
      return [out];
    }
    const key = eagerKey(prim, inAvals, params);
    let prog = key === null ? undefined : this.eager.get(key);
    if (prog === undefined) {
      const ins = inAvals.map((a) => new Var(a));
      const outs = outAvals.map((a) => new Var(a));
      const fused = fuse(new Jaxpr([], ins, [new JaxprEqn(prim, ins, params, outs)], outs), this.target);
      prog = onlyKernels(fused) ? new WebGpuProgram(fused, this) : null;
      if (key !== null) this.eager.set(key, prog);
    }
    if (!prog) throw unsupported(prim.name, inAvals);
    return prog.runBuffers(bufs, inAvals);
  }

  /**
   * An eager scan (and foriLoop with static bounds, which is one) as a host
   * loop of recorded work: each step's xs slice and ys row are buffer copies,
   * so nothing is read back. A while loop (and foriLoop with traced bounds)
   * runs as an asynchronous task (while_loop.ts); cond on a GPU index runs
   * every branch and selects.
   */
  runControlFlow(prim: Primitive, args: readonly ArrayImpl[], params: Params): ArrayImpl[] | null {
    if (prim === condP) return this.runCond(args, paramsOf(condP, prim, params).branches);
    if (prim === whileP)
      return runWhile(
        this,
        args.map((a) => (a.backend === this ? a : new ArrayImpl(a.aval, a.bufferOn(this), this))),
        paramsOf(whileP, prim, params),
      );
    if (prim !== scanP) return null;
    const p = paramsOf(scanP, prim, params);
    const here = (a: ArrayImpl) => (a.backend === this ? a : new ArrayImpl(a.aval, a.bufferOn(this), this));
    const nc = p.num_consts;
    const consts = args.slice(0, nc).map(here);
    let carry = args.slice(nc, nc + p.num_carry).map(here);
    const xs = args.slice(nc + p.num_carry).map(here);
    const ys = p.jaxpr.outAvals.slice(p.num_carry).map((a) => {
      const aval = new ShapedArray([p.length, ...a.shape], a.dtype, a.weakType);
      return new ArrayImpl(aval, this.alloc(aval), this);
    });
    for (let t = 0; t < p.length; t++) {
      const i = p.reverse ? p.length - 1 - t : t;
      const slices = xs.map((x) => {
        const aval = new ShapedArray(x.aval.shape.slice(1), x.aval.dtype, x.aval.weakType);
        const out = this.alloc(aval);
        this.copy(x.buffer() as GpuBuf, i * out.bytes, out, 0, out.bytes);
        return new ArrayImpl(aval, out, this);
      });
      const outs = (runClosed(p.jaxpr, [...consts, ...carry, ...slices]) as ArrayImpl[]).map(here);
      carry = outs.slice(0, p.num_carry);
      outs.slice(p.num_carry).forEach((y, j) => {
        const src = y.buffer() as GpuBuf;
        this.copy(src, 0, ys[j].buffer() as GpuBuf, i * src.bytes, src.bytes);
      });
    }
    return [...carry, ...ys];
  }

  /**
   * cond whose index lives on the GPU (no host copy to read): every branch
   * runs and select_n picks the outputs, as JAX does for a batched predicate.
   * An index with a host copy takes the ordinary path (one branch runs).
   */
  private runCond(args: readonly ArrayImpl[], branches: ClosedJaxpr[]): ArrayImpl[] | null {
    const [idx, ...ops] = args;
    if (idx.backend !== this || (idx.buffer() as GpuBuf).host !== null || branches.length === 1) return null;
    const scalar = (v: number) => ArrayImpl.fromHost(new Int32Array([v]), [], "int32", false, this);
    let which =
      idx.dtype === "int32"
        ? idx
        : (applyPrimitive(convertElementTypeP, [idx], { new_dtype: "int32", weak_type: false }) as ArrayImpl[])[0];
    which = (applyPrimitive(maxP, [which, scalar(0)], {}) as ArrayImpl[])[0];
    which = (applyPrimitive(minP, [which, scalar(branches.length - 1)], {}) as ArrayImpl[])[0];
    const outs = branches.map((b) => runClosed(b, ops) as ArrayImpl[]);
    return outs[0].map((_, i) => (applyPrimitive(selectNP, [which, ...outs.map((o) => o[i])], {}) as ArrayImpl[])[0]);
  }

  compile(jaxpr: Jaxpr): Executable {
    return new WebGpuProgram(fuse(jaxpr, this.target), this);
  }

  clearCaches(): void {
    this.pipelines.clear();
    this.eager.clear();
  }
}

/**
 * Waits for a GPU promise while keeping Node's event loop alive: Dawn's Node
 * bindings hold no handle while a map is pending, so a script whose only work
 * left is the read would otherwise exit before it resolves.
 */
async function keepAlive<T>(p: Promise<T>): Promise<T> {
  const timer = setInterval(() => {}, 1);
  try {
    return await p;
  } finally {
    clearInterval(timer);
  }
}

function eagerKey(prim: Primitive, inAvals: ShapedArray[], params: Params): string | null {
  try {
    return `${prim.name}|${inAvals.map((a) => a.str()).join(",")}|${JSON.stringify(params)}`;
  } catch {
    return null;
  }
}

/** Whether an eager primitive fused to kernels and dot products only (what this backend runs). */
function onlyKernels(p: FusedProgram): boolean {
  return p.steps.every((s) => s.kind === "kernel" || (s.kind === "prim" && s.prim === dotGeneralP));
}

export function unsupported(name: string, avals: readonly ShapedArray[]): JaxTsError {
  return new JaxTsError(
    `${name} on ${avals.map((a) => a.str()).join(", ")} has no kernel on the webgpu backend yet; ` +
      'compute it on another backend (devicePut(x, "wasm"), after `await x.blockUntilReady()`).',
  );
}

let initialized: Promise<WebGpuBackend | null> | null = null;

/**
 * Finds a GPU (navigator.gpu, or Dawn's Node bindings from the optional
 * `webgpu` package) and registers the webgpu backend: `devices()` then lists
 * it and `setDefaultBackend("webgpu")` selects it (JAXTS_BACKEND=webgpu
 * selects it here). Resolves to the adapter's description, or null where no
 * adapter exists.
 */
export async function initWebGpu(): Promise<string | null> {
  initialized ??= (async () => {
    const gpu = await findGpu();
    const adapter = await gpu?.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return null;
    const want = ["maxStorageBuffersPerShaderStage", "maxBufferSize", "maxStorageBufferBindingSize", "maxComputeWorkgroupsPerDimension"];
    const requiredLimits = Object.fromEntries(want.filter((k) => adapter.limits[k] !== undefined).map((k) => [k, adapter.limits[k]]));
    const device = await adapter.requestDevice({ requiredLimits });
    const info = adapter.info ?? {};
    const description = [info.description, info.vendor, info.architecture, info.device].filter(Boolean).join(" / ") || "WebGPU adapter";
    const backend = new WebGpuBackend(device, description, [gpu, adapter]);
    backend.shaderF16 = adapter.features?.has("shader-f16") ?? false;
    registerBackend(backend, 0);
    return backend;
  })();
  const b = await initialized;
  if (b) {
    const requested = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.JAXTS_BACKEND;
    if (requested === "webgpu") setDefaultBackend("webgpu");
  }
  return b?.description ?? null;
}
