// Compiled loops on the wasm backend: a loop plan (compiler/loop_plan.ts)
// becomes one module whose `run` calls the body's kernels and GEMMs wasm to
// wasm (codegen/loop_module.ts); runLoop gives it buffers and runs it.
import { ArrayImpl } from "../../../core/array_impl.ts";
import type { ShapedArray } from "../../../core/aval.ts";
import { storageBytes } from "../../../core/dtypes.ts";
import { type LoopCall, type LoopFrame, type LoopPlan, allFrames } from "../../../compiler/program_ir.ts";
import { opCount } from "../../../compiler/kernel.ts";
import type { WasmBuffer } from "../buffer.ts";
import type { WasmBackend } from "../backend.ts";
import { compileKernel } from "../codegen/kernel_cache.ts";
import { type LoopImport, type ParamSource, buildLoopModule, canRunOnTwoThreads } from "../codegen/loop_module.ts";
import { type WasmModule, wasmApi } from "../emitter/index.ts";
import { sgemmWorkspaceBytes } from "../gemm/index.ts";
import type { PoolFunction } from "../threads/pool.ts";
import { gemmEntry, gemmPoolLink } from "./gemm.ts";

/**
 * Multiply-adds and kernel points per iteration from which a scan runs on two
 * threads (`run_par`): W5's step (a 256×256 GEMV and a 256-element kernel,
 * ~3.5 µs) halves its work for two barriers of ~0.15 µs each.
 */
const PARALLEL_LOOP_WORK = 1 << 15;

/** How `run_par` calls ended: both threads ran the steps, or the first went alone (for tests and tuning). */
export const twoThreadLoops = { joined: 0, alone: 0 };

const bytesOf = (a: ShapedArray): number => a.size * storageBytes(a.dtype);

export interface CompiledLoop {
  readonly plan: LoopPlan;
  /** What each parameter of `run` is, in order. */
  readonly params: ParamSource[];
  /** Returns the number of iterations run (the final carry is in buffer A when it is even). */
  readonly run: (...ptrs: number[]) => number;
  /** The GEMM workspace the loop's GEMMs share (per thread). */
  readonly workBytes: number;
  /** `run_par` in the thread pool, when the loop runs on two threads. */
  readonly runPar: PoolFunction | null;
}

export function compileLoop(b: WasmBackend, plan: LoopPlan): CompiledLoop {
  // Whole cache lines, so that the two threads' workspaces never share one.
  const workBytes = Math.ceil(workBytesOf(plan.cond ? [plan.cond, plan.body] : [plan.body]) / 64) * 64;
  const pool = b.pool;
  const parallel = pool !== null && canRunOnTwoThreads(plan) && workPerIteration(plan) >= PARALLEL_LOOP_WORK;
  const mod = buildLoopModule(
    plan,
    {
      memoryImport: b.heap.memoryImport(),
      memory: b.heap.memory,
      fnOf: (c: Exclude<LoopCall, { kind: "cond" }>) =>
        c.kind === "kernel" ? compileKernel(b, c.kernel).wasmRun : gemmEntry(b, c.epilogue ?? undefined),
      rangeOf: (c) => {
        const k = compileKernel(b, c.kernel);
        if (!k.split) return null;
        return { fn: k.home.instance.exports[`${k.home.prefix}range`] as (...p: number[]) => void, ...k.split };
      },
      workBytes,
    },
    parallel,
  );
  const api = wasmApi();
  const module = new api.Module(mod.bytes);
  const instance = new api.Instance(module, mod.imports);
  let runPar: PoolFunction | null = null;
  const links = parallel ? workerLinks(b, mod.importList) : null;
  if (pool && links) runPar = pool.register(module, "run_par", instance.exports.run_par as (...p: number[]) => void, links);
  return { plan, params: mod.params, workBytes, run: instance.exports.run as (...p: number[]) => number, runPar };
}

/**
 * A pool handle per kernel module, for links only: each registration is an
 * instance on every worker, and a program's kernels share one module.
 */
const kernelModuleHandles = new WeakMap<WasmModule, PoolFunction>();

/** How a worker's instance of the loop module finds each import, or null when one has no pool handle. */
function workerLinks(b: WasmBackend, imports: LoopImport[]): Record<string, [PoolFunction, string]> | null {
  const pool = b.pool!;
  const links: Record<string, [PoolFunction, string]> = {};
  for (const imp of imports) {
    if (imp.call.kind === "gemm") {
      const link = gemmPoolLink(b, imp.call.epilogue ?? undefined);
      if (!link) return null;
      links[imp.name] = link;
    } else {
      const { home } = compileKernel(b, imp.call.kernel);
      const name = `${home.prefix}${imp.range ? "range" : "run"}`;
      let handle = kernelModuleHandles.get(home.module);
      if (!handle) {
        handle = pool.register(home.module, name, imp.fn);
        kernelModuleHandles.set(home.module, handle);
      }
      links[imp.name] = [handle, name];
    }
  }
  return links;
}

/** Multiply-adds of the body's GEMMs plus points of its kernels, per iteration. */
function workPerIteration(plan: LoopPlan): number {
  let work = 0;
  for (const c of plan.body.calls) {
    if (c.kind === "gemm") work += c.plan.batch * c.plan.m * c.plan.n * c.plan.k;
    // A point's operations count too, past a few (an RK4 stage's 3000 points of ~40 operations each).
    else if (c.kind === "kernel")
      work += c.kernel.shape.reduce((x, y) => x * y, 1) * Math.max(1, opCount(c.kernel.outputs.map((o) => o.node)) / OPS_PER_POINT);
  }
  return work;
}

/** Operations per kernel point that count as one unit of work (the cost of a multiply-add of a GEMV, roughly). */
const OPS_PER_POINT = 4;

/** Runs the loop on the wasm backend: operands in, [final carry, ys] out (new arrays). */
export function runLoop(loop: CompiledLoop, b: WasmBackend, inputs: readonly ArrayImpl[]): ArrayImpl[] {
  const { plan } = loop;
  const here = (a: ArrayImpl): ArrayImpl => (a.backend === b ? a : new ArrayImpl(a.aval, a.bufferOn(b), b));
  // Operands on another backend are copied over once (not once per use).
  const operands = inputs.map(here);
  const owned: ArrayImpl[] = [];
  const fresh = (aval: ShapedArray): ArrayImpl => {
    const a = new ArrayImpl(aval, b.alloc(aval), b);
    owned.push(a);
    return a;
  };
  const ptr = (a: ArrayImpl): number => (a.buffer() as WasmBuffer).ptr;
  // Buffer A starts as a copy of the initial carry (the operands stay untouched); B is written first.
  const carryA = plan.carryOperands.map((i, k) => {
    const a = fresh(plan.carryAvals[k]);
    const src = operands[i];
    // Addresses first: taking one may reload an evicted buffer and grow the memory (detaching views).
    const to = ptr(a),
      from = ptr(src);
    b.heap.copy(to, from, bytesOf(src.aval));
    return a;
  });
  const carryB = plan.carryAvals.map((a) => fresh(a));
  const ys = plan.ysAvals.map((a) => fresh(a));
  let work = 0;
  const args = loop.params.map((p) => {
    switch (p.kind) {
      case "operand":
        return ptr(operands[p.index]);
      case "carryA":
        return ptr(carryA[p.index]);
      case "carryB":
        return ptr(carryB[p.index]);
      case "ys":
        return ptr(ys[p.index]);
      case "fixed":
        return ptr(here(p.array));
      case "scratch":
        return ptr(fresh(p.aval));
      case "work":
        // run_par's second thread uses the block after the first's.
        work = b.heap.alloc(loop.workBytes * (loop.runPar ? 2 : 1));
        return work;
    }
  });
  let count: number;
  // The control words on a cache line of their own: both threads spin on them.
  const ctlBlock = loop.runPar ? b.heap.alloc(128) : 0;
  const ctl = (ctlBlock + 63) & ~63;
  try {
    if (loop.runPar) {
      // The join state and the barrier count, zeroed (see buildLoopModule).
      b.heap.i32.fill(0, ctl >>> 2, (ctl >>> 2) + 2);
      b.pool!.parallel(loop.runPar, args.length + 2, [...args, 0, ctl, ...args, 1, ctl]);
      count = plan.length;
      if (b.heap.i32[ctl >>> 2] === 1) twoThreadLoops.joined++;
      else twoThreadLoops.alone++;
    } else count = loop.run(...args);
  } catch (e) {
    for (const a of owned) a.dispose();
    throw e;
  } finally {
    if (work) b.heap.release(work, loop.workBytes * (loop.runPar ? 2 : 1));
    if (ctlBlock) b.heap.release(ctlBlock, 128);
  }
  const outputs = [...(count % 2 === 0 ? carryA : carryB), ...ys];
  for (const a of owned) if (!outputs.includes(a)) a.dispose();
  return outputs;
}

function workBytesOf(frames: LoopFrame[]): number {
  let most = 0;
  for (const f of allFrames(frames))
    for (const c of f.calls) if (c.kind === "gemm") most = Math.max(most, sgemmWorkspaceBytes(c.plan.m, c.plan.n, c.plan.k));
  return most;
}
