// Eager primitives on the wasm backend: each (primitive, avals, params) is
// fused as a one-equation jaxpr; when that is a single kernel it is compiled
// once and reused, otherwise the backend runs the reference kernel.
import { ShapedArray } from "../../../core/aval.ts";
import { Jaxpr, JaxprEqn, Var } from "../../../core/jaxpr.ts";
import { type Params, type Primitive, paramsKey, paramsOf } from "../../../core/primitive.ts";
import { dotGeneralP } from "../../../lax/dot.ts";
import { fuse } from "../../../compiler/fusion.ts";
import { planDot } from "../../../compiler/gemm_plan.ts";
import { localize } from "../../../compiler/localize.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { type CompiledKernel, compileKernel } from "../codegen/kernel_cache.ts";
import { wasmTarget } from "../target.ts";
import { convOnGemm } from "./conv.ts";
import { directConv } from "./conv_direct.ts";
import { isCumulative, runCumulative } from "./cumulative.ts";
import { isFft, runFft } from "./fft.ts";
import { runGemm } from "./gemm.ts";
import { NATIVE_MOVES } from "./native_moves.ts";

interface EagerKernel {
  compiled: CompiledKernel;
  inputOrder: number[];
}

const MAX_ENTRIES = 8192;
const cache = new Map<string, EagerKernel | null>();

/** Forget the kernels compiled for eager primitives. */
export function clearEagerCache(): void {
  cache.clear();
}

/** The cache key: dispatch cost matters here (elementwise ops take no params, so no JSON for them). */
function keyOf(prim: Primitive, inAvals: ShapedArray[], params: Params): string | null {
  let key = prim.name;
  for (const a of inAvals) key += `|${a.dtype}[${a.shape.join(",")}]`;
  const p = paramsKey(params);
  return p === null ? null : p === "" ? key : `${key}|${p}`;
}

function build(backend: WasmBackend, prim: Primitive, inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): EagerKernel | null {
  const ins = inAvals.map((a) => new Var(new ShapedArray(a.shape, a.dtype)));
  const outs = outAvals.map((a) => new Var(a));
  const prog = fuse(new Jaxpr([], ins, [new JaxprEqn(prim, ins, params, outs)], outs), wasmTarget);
  if (prog.steps.length !== 1 || prog.steps[0].kind !== "kernel" || prog.literalSlots.size > 0) return null;
  const k = prog.steps[0].kernel;
  if (k.outputs.length !== outs.length || k.outputs.some((o, i) => o.slot !== prog.outputSlots[i])) return null;
  const { kernel, inSlots } = localize(k);
  return { compiled: compileKernel(backend, kernel), inputOrder: inSlots.map((s) => prog.inputSlots.indexOf(s)) };
}

export function runEager(
  backend: WasmBackend,
  prim: Primitive,
  inputs: WasmBuffer[],
  inAvals: ShapedArray[],
  params: Params,
  outAvals: ShapedArray[],
): WasmBuffer[] | null {
  if (prim.rules.impl) return null;
  const move = NATIVE_MOVES[prim.name];
  if (move) return move(backend, prim, inputs, inAvals, params, outAvals);
  if (prim.name === "conv_general_dilated")
    return directConv(backend, prim, inputs, inAvals, params, outAvals) ?? convOnGemm(backend, prim, inputs, inAvals, params, outAvals);
  if (isCumulative(prim.name)) return runCumulative(backend, prim, inputs, inAvals, params, outAvals);
  if (isFft(prim.name)) return runFft(backend, prim, inputs, inAvals, params, outAvals);
  if (prim.name === "dot_general" && inAvals.every((a) => wasmTarget.gemmDtypes.has(a.dtype))) {
    const plan = planDot(inAvals[0], inAvals[1], outAvals[0], paramsOf(dotGeneralP, prim, params));
    if (!plan) return null;
    const out = backend.alloc(outAvals[0]);
    runGemm(backend, plan, inputs[0].ptr, inputs[1].ptr, out.ptr);
    return [out];
  }
  const key = keyOf(prim, inAvals, params);
  if (key === null) return null;
  let k = cache.get(key);
  if (k === undefined) {
    k = build(backend, prim, inAvals, params, outAvals);
    cache.set(key, k);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  if (k === null) return null;
  const outs = outAvals.map((a) => backend.alloc(a));
  k.compiled.run(...k.inputOrder.map((i) => inputs[i].ptr), ...outs.map((o) => o.ptr));
  return outs;
}
