// A program's new kernels and GEMM epilogues, compiled as one wasm module.
//
// A first call used to compile one module per kernel and per epilogue (about
// 25 for an MLP's training step): each module pays V8's fixed costs
// (compilation jobs, instantiation, the worker threads' instances) and
// carries its own copy of every math function it calls. One module for all
// of them compiles once, shares tanh or exp, and instantiates once; the
// kernels and epilogues are then cached one by one (kernel_cache.ts,
// gemm.ts), so later programs reuse them as if compiled alone.
import { checkKernel } from "../../../compiler/check_kernel.ts";
import type { Epilogue } from "../../../compiler/gemm_plan.ts";
import { type Kernel, kernelText } from "../../../compiler/kernel.ts";
import type { WasmBackend } from "../backend.ts";
import { addKernel } from "../codegen/emit.ts";
import { addEpilogue } from "../codegen/epilogue.ts";
import { cacheKernel, cachedKernel } from "../codegen/kernel_cache.ts";
import { MathLib } from "../codegen/math.ts";
import { ModuleBuilder, wasmApi } from "../emitter/index.ts";
import { epilogueKey, epilogueLinked, linkEpilogue } from "./gemm.ts";

/** Compiles the kernels and epilogues not compiled yet, together (nothing when fewer than two are new). */
export function precompile(backend: WasmBackend, kernels: readonly Kernel[], epilogues: readonly Epilogue[]): void {
  const newKernels = new Map<string, Kernel>();
  for (const k of kernels) {
    const text = kernelText(k);
    if (!newKernels.has(text) && !cachedKernel(text)) newKernels.set(text, k);
  }
  const newEpilogues = new Map<string, Epilogue>();
  for (const e of epilogues) if (!epilogueLinked(e)) newEpilogues.set(epilogueKey(e), e);
  if (newKernels.size + newEpilogues.size < 2) return;
  const mb = new ModuleBuilder();
  mb.importMemory(backend.heap.memoryImport());
  const math = new MathLib(mb);
  const built = [...newKernels].map(([text, k], i) => {
    checkKernel(k);
    return { text, k, prefix: `k${i}.`, mod: addKernel(mb, math, k, `k${i}.`) };
  });
  const epis = [...newEpilogues.values()].map((e, i) => {
    addEpilogue(mb, math, e, `e${i}.`);
    return { e, prefix: `e${i}.` };
  });
  const api = wasmApi();
  const module = new api.Module(mb.toBytes());
  const instance = new api.Instance(module, { env: { memory: backend.heap.memory } });
  for (const b of built) cacheKernel(backend, b.k, b.text, { module, instance, prefix: b.prefix }, b.mod);
  for (const { e, prefix } of epis) linkEpilogue(backend, e, { module, instance, prefix });
}
