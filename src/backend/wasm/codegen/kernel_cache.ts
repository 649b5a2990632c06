// Compiled kernels, compiled and instantiated once and cached by the
// kernel's printed IR (which names inputs locally, so equal computations on
// different buffers share code). A kernel compiled alone is a module of its
// own; a program's new kernels are compiled together, as one module
// (runtime/precompile.ts), and cached here one by one.
import { checkKernel } from "../../../compiler/check_kernel.ts";
import { type Kernel, kernelText } from "../../../compiler/kernel.ts";
import type { WasmBackend } from "../backend.ts";
import { type WasmInstance, type WasmModule, wasmApi } from "../emitter/index.ts";
import { type KernelSplit, buildKernelModule } from "./emit.ts";

export interface CompiledKernel {
  readonly text: string;
  readonly simd: boolean;
  /** Runs the kernel on byte pointers (inputs, then outputs); big kernels split over the worker threads. */
  readonly run: (...ptrs: number[]) => void;
  /** The kernel's wasm export itself, always on the calling thread (for other modules to import). */
  readonly wasmRun: (...ptrs: number[]) => void;
  /** Where its exports are (`${prefix}run`, and `${prefix}range` when split), for other modules and the workers. */
  readonly home: KernelHome;
  /** The dimension `${prefix}range(ptrs..., lo, hi)` splits, or null when the kernel has no range export. */
  readonly split: KernelSplit | null;
}

const MAX_CACHED = 4096;
const cache = new Map<string, CompiledKernel>();

/** Forget every compiled kernel (programs holding one keep it). */
export function clearKernelCache(): void {
  cache.clear();
}

export function compileKernel(backend: WasmBackend, k: Kernel): CompiledKernel {
  const text = kernelText(k);
  const hit = cachedKernel(text);
  if (hit) return hit;
  checkKernel(k);
  const mod = buildKernelModule(k, backend.heap.memoryImport());
  const api = wasmApi();
  const module = new api.Module(mod.bytes);
  const instance = new api.Instance(module, { env: { memory: backend.heap.memory } });
  return cacheKernel(backend, k, text, { module, instance, prefix: "" }, mod);
}

/** The compiled kernel of this printed IR, if cached (least recently used goes first: a hit is re-inserted). */
export function cachedKernel(text: string): CompiledKernel | undefined {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
  }
  return hit;
}

/** Where a kernel's exports are: `${prefix}run` (and `${prefix}range`) of this instance of this module. */
export interface KernelHome {
  module: WasmModule;
  instance: WasmInstance;
  prefix: string;
}

/** Caches the kernel compiled at `home` (registering its range function with the thread pool). */
export function cacheKernel(
  backend: WasmBackend,
  k: Kernel,
  text: string,
  home: KernelHome,
  mod: { simd: boolean; split: KernelSplit | null },
): CompiledKernel {
  const { module, instance, prefix } = home;
  const run = instance.exports[`${prefix}run`] as (...p: number[]) => void;
  const points = k.shape.reduce((a, b) => a * b, 1);
  const pool = mod.split ? backend.pool : null;
  const split = mod.split && pool ? splitPlan(mod.split, points, pool.threads) : null;
  let parallelRun = run;
  if (split && pool) {
    const fn = pool.register(module, `${prefix}range`, instance.exports[`${prefix}range`] as (...p: number[]) => void);
    parallelRun = (...ptrs: number[]) => pool.parallel(fn, ptrs.length + 2, chunkArgs(ptrs, split));
  }
  const compiled: CompiledKernel = { text, simd: mod.simd, run: parallelRun, wasmRun: run, home, split: mod.split };
  cache.set(text, compiled);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return compiled;
}

/** Points of work per chunk below which threads cost more than they save (a wake-up is ~15 µs). */
const POINTS_PER_CHUNK = 1 << 15;
const CHUNKS_PER_THREAD = 4;

/** The [lo, hi) ranges of the outermost loop a big kernel runs as, or null to run it whole. */
function splitPlan(split: KernelSplit, points: number, threads: number): number[] | null {
  const chunks = Math.min(Math.floor(points / POINTS_PER_CHUNK), threads * CHUNKS_PER_THREAD, Math.floor(split.size / split.align));
  if (threads < 2 || chunks < 2) return null;
  const bounds = [0];
  for (let c = 1; c < chunks; c++) bounds.push(Math.round((c * split.size) / chunks / split.align) * split.align);
  bounds.push(split.size);
  return bounds;
}

/** Per chunk: the pointers, then its [lo, hi). */
function chunkArgs(ptrs: number[], bounds: number[]): number[] {
  const args: number[] = [];
  for (let c = 0; c + 1 < bounds.length; c++) args.push(...ptrs, bounds[c], bounds[c + 1]);
  return args;
}
