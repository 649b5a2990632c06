// Compiled loops on the wasm backend: a loop plan (compiler/loop_plan.ts)
// becomes one module whose `run` calls the body's kernels and GEMMs wasm to
// wasm (codegen/loop_module.ts); runLoop gives it buffers and runs it.
import { ArrayImpl } from "../../../core/array_impl.ts";
import type { ShapedArray } from "../../../core/aval.ts";
import { storageBytes } from "../../../core/dtypes.ts";
import { type LoopCall, type LoopFrame, type LoopPlan, allFrames } from "../../../compiler/program_ir.ts";
import type { WasmBuffer } from "../buffer.ts";
import type { WasmBackend } from "../backend.ts";
import { compileKernel } from "../codegen/kernel_cache.ts";
import { type ParamSource, buildLoopModule } from "../codegen/loop_module.ts";
import { wasmApi } from "../emitter/index.ts";
import { sgemmWorkspaceBytes } from "../gemm/index.ts";
import { gemmEntry } from "./gemm.ts";

const bytesOf = (a: ShapedArray): number => a.size * storageBytes(a.dtype);

export interface CompiledLoop {
  readonly plan: LoopPlan;
  /** What each parameter of `run` is, in order. */
  readonly params: ParamSource[];
  /** Returns the number of iterations run (the final carry is in buffer A when it is even). */
  readonly run: (...ptrs: number[]) => number;
  /** The GEMM workspace the loop's GEMMs share. */
  readonly workBytes: number;
}

export function compileLoop(b: WasmBackend, plan: LoopPlan): CompiledLoop {
  const mod = buildLoopModule(plan, {
    memoryImport: b.heap.memoryImport(),
    memory: b.heap.memory,
    fnOf: (c: Exclude<LoopCall, { kind: "cond" }>) =>
      c.kind === "kernel" ? compileKernel(b, c.kernel).wasmRun : gemmEntry(b, c.epilogue ?? undefined),
  });
  const api = wasmApi();
  const instance = new api.Instance(new api.Module(mod.bytes), mod.imports);
  const workBytes = workBytesOf(plan.cond ? [plan.cond, plan.body] : [plan.body]);
  return { plan, params: mod.params, workBytes, run: instance.exports.run as (...p: number[]) => number };
}

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
        work = b.heap.alloc(loop.workBytes);
        return work;
    }
  });
  let count: number;
  try {
    count = loop.run(...args);
  } catch (e) {
    for (const a of owned) a.dispose();
    throw e;
  } finally {
    if (work) b.heap.release(work, loop.workBytes);
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
